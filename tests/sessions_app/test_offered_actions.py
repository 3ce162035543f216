"""A page offers an action only when the service would accept it, for that user, session and moment."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import IssuingUnit
from sessions_app.models import AgendaItem, Session
from sessions_app.services.minutes import minutes_circulate, minutes_draft
from tests.council.factories import SeatFactory
from tests.members.factories import IssuingUnitFactory
from tests.sessions_app.factories import AgendaItemFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _page(client, session) -> str:
    return client.get(session.get_absolute_url()).content.decode()


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff_x)
    return client


def _session(world, status, *, days):
    return SessionFactory(council=world.council_x, status=status, starts_at=timezone.now() + days * DAY)


# The acta's PDF.


def test_the_acta_pdf_is_offered_once_drafted(staff, world):
    held = _session(world, Session.Status.HELD, days=-2)
    url = reverse("sessions_app:document", args=[held.pk, "acta"])
    assert url not in _page(staff, held)
    assert staff.get(url).status_code == 404
    minutes_draft(session=held)
    assert url in _page(staff, held)


# Convening.


def test_a_draft_whose_date_has_passed_is_not_offered_convening(staff, world):
    past = _session(world, Session.Status.DRAFT, days=-3)
    future = _session(world, Session.Status.DRAFT, days=10)
    assert "Convocar…" not in _page(staff, past)  # the session page's action
    page = staff.get(reverse("sessions_app:convene", args=[past.pk])).content.decode()
    assert "Convocar y enviar" not in page and "ya llegó o ya pasó" in page
    assert "Convocar…" in _page(staff, future)
    assert "Convocar y enviar" in staff.get(reverse("sessions_app:convene", args=[future.pk])).content.decode()


# Agreements.


@pytest.mark.parametrize(
    ("status", "days", "offered"),
    [
        (Session.Status.DRAFT, 5, False),
        (Session.Status.CONVENED, 5, False),  # not started yet
        (Session.Status.CONVENED, -0.01, True),  # sitting now
        (Session.Status.HELD, -2, True),
        (Session.Status.CLOSED, -60, False),
        (Session.Status.CANCELLED, 5, False),
    ],
)
def test_recording_an_agreement_is_offered_when_it_would_be_accepted(staff, world, status, days, offered):
    session = _session(world, status, days=days)
    AgendaItemFactory(session=session, order=1, kind=AgendaItem.Kind.FOR_AGREEMENT)
    url = reverse("agreements:create", args=[session.pk])
    assert (url in _page(staff, session)) is offered
    response = staff.get(url)
    assert (response.status_code == 200) is offered
    if not offered:
        assert response.status_code == 302 and response.url == session.get_absolute_url()


# The approval of the previous acta.


@pytest.fixture
def approving(world):
    """Council X's held session with its acta circulated, and the next one with the approval item."""
    held = _session(world, Session.Status.HELD, days=-30)
    held.quorum_met = True
    held.save()
    minutes = minutes_draft(session=held)
    minutes_circulate(minutes=minutes, comments_due=timezone.localdate() + DAY)
    following = _session(world, Session.Status.CONVENED, days=3)
    AgendaItemFactory(session=following, order=1, kind=AgendaItem.Kind.MINUTES_APPROVAL, title="Acta anterior")
    InvitationFactory(session=following, institution=world.seat_a.institution, seat=world.seat_a)
    return following, minutes


def test_the_approval_is_not_offered_before_the_approving_session(staff, approving):
    following, minutes = approving
    url = reverse("sessions_app:minutes_approve", args=[following.pk, minutes.pk])
    page = _page(staff, following)
    assert "Acta de la" in page and url not in page
    confirm = staff.get(url).content.decode()
    assert "durante o después de la" in confirm and "data-refused" in confirm
    assert "Sí, registrar la aprobación" not in confirm


def test_the_approval_is_offered_once_the_session_sits_with_quorum(staff, approving):
    following, minutes = approving
    Session.objects.filter(pk=following.pk).update(starts_at=timezone.now() - DAY / 24, quorum_met=True)
    following.refresh_from_db()
    url = reverse("sessions_app:minutes_approve", args=[following.pk, minutes.pk])
    assert url in _page(staff, following)
    assert "Sí, registrar la aprobación" in staff.get(url).content.decode()
    following.quorum_met = False
    following.save()
    assert url not in _page(staff, following)


# The directory.


def test_archiving_a_letterhead_is_offered_only_when_another_remains(staff, world):
    institution = world.seat_a.institution
    only = IssuingUnit.objects.get(institution=institution)
    page = staff.get(reverse("members:institution_detail", args=[institution.pk])).content.decode()
    archive = reverse("members:issuing_unit_archive", args=[only.pk])
    assert archive not in page
    confirm = staff.get(archive).content.decode()
    assert "única unidad emisora vigente" in confirm and "Sí, archivar la unidad" not in confirm
    IssuingUnitFactory(institution=institution)
    page = staff.get(reverse("members:institution_detail", args=[institution.pk])).content.decode()
    assert archive in page


def test_an_institution_links_only_the_councils_the_viewer_may_open(client, world):
    institution = world.seat_a.institution
    SeatFactory(council=world.council_y, institution=institution)  # A sits in Y too; staff of X do not open Y
    client.force_login(world.staff_x)
    page = client.get(reverse("members:institution_detail", args=[institution.pk])).content.decode()
    assert world.council_x.get_absolute_url() in page
    assert world.council_y.get_absolute_url() not in page and world.council_y.short_name in page
