"""The "Seguimiento de acuerdos" item: the open agreements of the same body's earlier sessions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import AgendaItem, Agreement, Session
from sessions_app.selectors.agenda import follow_up_agreements
from sessions_app.services.agreements import agreement_create, agreement_report_progress, agreement_set_status
from tests.council.factories import CouncilFactory, WorkingGroupFactory
from tests.members.factories import InstitutionFactory
from tests.pdftext import pdf_text
from tests.sessions_app.factories import AgendaItemFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _held(council, days_ago, **kwargs):
    return SessionFactory(
        council=council,
        starts_at=timezone.now() - dt.timedelta(days=days_ago),
        status=Session.Status.HELD,
        **kwargs,
    )


@pytest.fixture
def history():
    """Two earlier sessions of a council with open and closed agreements, the next one, and noise elsewhere."""
    council = CouncilFactory(agreement_prefix="CINL")
    first = _held(council, 200)
    second = _held(council, 100)
    upcoming = SessionFactory(council=council, status=Session.Status.CONVENED)
    AgendaItemFactory(session=upcoming, kind=AgendaItem.Kind.FOLLOW_UP, title="Seguimiento de acuerdos")
    health = InstitutionFactory(name="Secretaría de Salud")
    open_old = agreement_create(
        session=first, text="Protocolo de atención", responsible=[health], due_date=dt.date(2020, 1, 1)
    )
    fulfilled = agreement_create(session=first, text="Circular el programa")
    agreement_set_status(agreement=fulfilled, status=Agreement.Status.FULFILLED, reason="Circulado", author=None)
    cancelled = agreement_create(session=second, text="Acuerdo cancelado")
    agreement_set_status(agreement=cancelled, status=Agreement.Status.CANCELLED, reason="Duplicado", author=None)
    in_progress = agreement_create(session=second, text="Plan de trabajo de los grupos")
    agreement_report_progress(agreement=in_progress, text="Borrador del plan", author=None, institution=None)
    group = WorkingGroupFactory(council=council)
    group_agreement = agreement_create(session=_held(council, 50, working_group=group, number=1), text="Del grupo")
    other_council = agreement_create(session=_held(CouncilFactory(), 50), text="De otro consejo")
    return locals()


def test_follow_up_lists_the_open_agreements_of_earlier_sessions_oldest_first(history):
    listed = list(follow_up_agreements(history["upcoming"]))
    assert listed == [history["open_old"], history["in_progress"]]


def test_follow_up_looks_only_backwards(history):
    """The first session has nothing to follow up; the second follows up only the first's open agreements."""
    assert list(follow_up_agreements(history["first"])) == []
    assert list(follow_up_agreements(history["second"])) == [history["open_old"]]


def test_a_working_group_follows_up_its_own_agreements(history):
    group_session = SessionFactory(council=history["council"], working_group=history["group"], number=2)
    assert list(follow_up_agreements(group_session)) == [history["group_agreement"]]


def test_the_session_page_lists_them_under_the_follow_up_item(client, history):
    staff = history["council"].staff.create(username="secretaria")
    client.force_login(staff)
    body = client.get(history["upcoming"].get_absolute_url()).content.decode()
    assert "2 acuerdos abiertos de sesiones anteriores" in body
    assert history["open_old"].number in body and "Protocolo de atención" in body
    assert "Plan de trabajo de los grupos" in body and "Borrador del plan" in body
    assert "Vencido" in body  # the old one's due date has passed: it says so, not only in colour
    assert "Circular el programa" not in body and "Acuerdo cancelado" not in body
    assert "De otro consejo" not in body and "Del grupo" not in body


def test_the_agenda_pdf_lists_them_under_the_follow_up_item(client, history):
    """The orden del día the members print carries the same open agreements, and nothing else."""
    staff = history["council"].staff.create(username="secretaria")
    client.force_login(staff)
    response = client.get(reverse("sessions_app:document", args=[history["upcoming"].pk, "orden-del-dia"]))
    text = pdf_text(response.content)
    assert "Seguimiento de acuerdos" in text
    assert history["open_old"].number in text and "Protocolo de atención" in text and "Secretaría de Salud" in text
    assert "Plan de trabajo de los grupos" in text and "En proceso" in text
    assert "Circular el programa" not in text and "Acuerdo cancelado" not in text
    assert "De otro consejo" not in text and "Del grupo" not in text
