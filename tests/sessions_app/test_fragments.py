"""The session page's cached fragment: a change shows up at once, and permissions are checked on every request."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.services import institution_update
from sessions_app import fragments
from sessions_app.models import Agreement, Invitation, Session
from sessions_app.services.agenda import agenda_item_update, agenda_item_version, agenda_reorder
from sessions_app.services.agreements import agreement_report_progress
from sessions_app.services.convocation import convocation_prepare
from sessions_app.services.rsvp import invitation_answer
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import AgendaItemFactory, AgreementFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _page(client, session) -> str:
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, session) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _page(client, session)
    return len(ctx.captured_queries)


def test_a_page_seen_before_is_served_without_reading_the_agenda_again(client, world):
    """The second view of an unchanged session reads neither agenda, invitations nor agreements."""
    AgendaItemFactory(session=world.session_x, title="Informe anual")
    client.force_login(world.staff_x)
    cold = _queries(client, world.session_x)
    with CaptureQueriesContext(connection) as ctx:
        page = _page(client, world.session_x)
    assert "Informe anual" in page
    assert len(ctx.captured_queries) < cold
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "sessions_app_agendaitem" not in tables and "sessions_app_invitation" not in tables


def test_an_edited_agenda_item_shows_at_once(client, world):
    item = AgendaItemFactory(session=world.session_x, title="Informe anual")
    client.force_login(world.staff_x)
    assert "Informe anual" in _page(client, world.session_x)
    agenda_item_update(item=item, version=agenda_item_version(item), title="Informe semestral")
    page = _page(client, world.session_x)
    assert "Informe semestral" in page and "Informe anual" not in page


def test_reordered_items_show_in_their_new_order(client, world):
    """Reordering writes in bulk (no signal): the service replaces the version itself."""
    first = AgendaItemFactory(session=world.session_x, order=1, title="Punto alfa")
    second = AgendaItemFactory(session=world.session_x, order=2, title="Punto beta")
    client.force_login(world.staff_x)
    page = _page(client, world.session_x)
    assert page.index("Punto alfa") < page.index("Punto beta")
    agenda_reorder(session=world.session_x, order=[second.pk, first.pk], seen=[first.pk, second.pk])
    page = _page(client, world.session_x)
    assert page.index("Punto beta") < page.index("Punto alfa")


def test_an_answer_shows_at_once_to_staff_and_to_the_delegate(client, world):
    client.force_login(world.staff_x)
    assert "Confirmó" not in _page(client, world.session_x)
    client.force_login(world.delegate_a)
    assert "Confirmó" not in _page(client, world.session_x)
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.CONFIRMED)
    assert "Confirmó" in _page(client, world.session_x)
    client.force_login(world.staff_x)
    assert "Confirmó" in _page(client, world.session_x)


def test_progress_on_an_earlier_agreement_shows_in_the_follow_up_of_a_later_session(client, world):
    """The follow-up item shows other sessions' agreements: any change in the council renews the fragment."""
    earlier = SessionFactory(
        council=world.council_x,
        status=Session.Status.HELD,
        starts_at=timezone.now() - dt.timedelta(days=30),
    )
    agreement = AgreementFactory(session=earlier, text="Elaborar el diagnóstico")
    AgendaItemFactory(session=world.session_x, kind="follow_up", title="Seguimiento de acuerdos")
    client.force_login(world.staff_x)
    assert "Elaborar el diagnóstico" in _page(client, world.session_x)
    agreement_report_progress(agreement=agreement, text="Borrador entregado", author=world.staff_x, institution=None)
    assert "Borrador entregado" in _page(client, world.session_x)
    Agreement.objects.filter(pk=agreement.pk).first().responsible.add(world.seat_a.institution)
    assert world.seat_a.institution.name in _page(client, world.session_x)


def test_a_renamed_institution_shows_at_once(client, world):
    client.force_login(world.staff_x)
    assert "Institución A" in _page(client, world.session_x)
    institution = world.seat_a.institution
    institution_update(institution=institution, data={"name": "Secretaría de Igualdad"})
    assert "Secretaría de Igualdad" in _page(client, world.session_x)


def test_invitations_written_in_bulk_by_the_worker_show_at_once(client, world):
    seat = SeatFactory(council=world.council_x, institution__name="Fiscalía General")
    client.force_login(world.staff_x)
    assert "Fiscalía General" not in _page(client, world.session_x)
    convocation_prepare(session_id=world.session_x.pk)
    assert seat.institution.name in _page(client, world.session_x)


def test_each_viewer_gets_the_fragment_of_what_they_may_see(client, world):
    """After the staff's view is cached, a delegate still sees only their own invitation, and others get a 403."""
    other = SeatFactory(council=world.council_x, institution__name="Institución Vecina")
    world.session_x.invitations.create(institution=other.institution, seat=other, has_vote=True)
    client.force_login(world.staff_x)
    assert "Institución Vecina" in _page(client, world.session_x)
    client.force_login(world.delegate_a)
    page = _page(client, world.session_x)
    assert "Institución A" in page and "Institución Vecina" not in page
    client.force_login(world.delegate_b)
    assert client.get(world.session_x.get_absolute_url()).status_code == 403
    client.force_login(world.staff_y)
    assert client.get(world.session_x.get_absolute_url()).status_code == 403


def test_the_version_changes_again_when_the_transaction_commits(django_capture_on_commit_callbacks, world):
    """A page rendered between the change and its commit is never kept under the version that follows."""
    before = fragments.version(world.council_x.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fragments.council_changed(world.council_x.pk)
    during = fragments.version(world.council_x.pk)
    for callback in callbacks:
        callback()
    after = fragments.version(world.council_x.pk)
    assert len({before, during, after}) == 3
    assert fragments.version(world.council_y.pk) != after
