"""Gate rules are predicates on the models: the page offers an action exactly when the service accepts it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import AgendaItem, Minutes, Session, Vote
from sessions_app.services.quorum import session_declare_quorum
from sessions_app.tokens import invitation_token
from tests.sessions_app.factories import AgendaItemFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db

S = Session.Status
PAST = timezone.now() - dt.timedelta(days=3)
FUTURE = timezone.now() + dt.timedelta(days=3)
SOON = timezone.now() + dt.timedelta(minutes=30)

# status, starts_at -> (is_editable, accepts_invitations, accepts_answers, agenda_editable, check_in_open,
#                       records_outcomes, has_been_held)
EXPECTED = {
    (S.DRAFT, FUTURE): (True, True, False, True, False, False, False),
    (S.DRAFT, PAST): (True, False, False, True, False, False, False),
    (S.CONVENED, FUTURE): (True, True, True, True, False, False, False),  # not its day yet: no check-in
    (S.CONVENED, SOON): (True, True, True, True, True, False, False),  # within the hours before it starts
    (S.CONVENED, PAST): (True, False, True, True, True, True, False),
    (S.HELD, PAST): (False, False, False, False, True, True, True),
    (S.CLOSED, PAST): (False, False, False, False, False, False, True),
    (S.POSTPONED, FUTURE): (False, False, False, True, False, False, False),
    (S.CANCELLED, FUTURE): (False, False, False, False, False, False, False),
}


@pytest.mark.parametrize(("status", "starts_at"), list(EXPECTED))
def test_what_may_be_done_with_a_session_follows_its_status_and_time(status, starts_at):
    session = Session(status=status, starts_at=starts_at)
    found = (
        session.is_editable,
        session.accepts_invitations,
        session.accepts_answers,
        session.agenda_editable,
        session.check_in_open,
        session.records_outcomes,
        session.has_been_held,
    )
    assert found == EXPECTED[(status, starts_at)]


def test_quorum_is_refused_by_the_service_itself_on_a_session_not_under_way(world):
    """The rule was only in the view: a service call on a draft recorded a quorum nobody had declared."""
    session = SessionFactory(council=world.council_x, status=S.DRAFT)
    with pytest.raises(ValidationError) as caught:
        session_declare_quorum(session=session)
    assert caught.value.messages == ["La sesión no está en curso: no se declara quórum."]
    session.refresh_from_db()
    assert session.quorum_declared_at is None


def test_the_quorum_button_of_a_draft_is_refused_with_the_services_message(client, world):
    session = SessionFactory(council=world.council_x, status=S.DRAFT)
    client.force_login(world.staff_x)
    response = client.post(reverse("sessions_app:quorum_declare", args=[session.pk]), {"call": "first"}, follow=True)
    assert "La sesión no está en curso: no se declara quórum." in response.content.decode()
    session.refresh_from_db()
    assert session.quorum_declared_at is None


def test_an_item_with_a_vote_is_not_offered_for_removal(client, world):
    """The confirmation page and the service now ask the same question (the page forgot the vote)."""
    session = SessionFactory(council=world.council_x, starts_at=PAST, status=S.CONVENED)
    item = AgendaItemFactory(session=session, kind=AgendaItem.Kind.AGENDA_APPROVAL)
    Vote.objects.create(agenda_item=item, method=Vote.Method.UNANIMITY, result=Vote.Result.APPROVED, votes_for=3)
    assert not item.removable
    client.force_login(world.staff_x)
    page = client.get(reverse("sessions_app:agenda_item_delete", args=[session.pk, item.pk])).content.decode()
    assert "no se puede eliminar" in page and "Sí, eliminar el punto" not in page


def test_a_convened_session_that_already_started_offers_no_invitations(client, world):
    session = SessionFactory(council=world.council_x, starts_at=PAST, status=S.CONVENED)
    InvitationFactory(session=session, institution=world.seat_a.institution, seat=world.seat_a)
    client.force_login(world.staff_x)
    page = client.get(reverse("sessions_app:convene", args=[session.pk])).content.decode()
    assert 'action="' + reverse("sessions_app:guest_add", args=[session.pk]) not in page
    response = client.post(reverse("sessions_app:convene", args=[session.pk]), follow=True)
    assert "La sesión ya empezó o ya pasó: no se puede convocar." in response.content.decode()


def test_an_answer_link_works_exactly_while_the_session_accepts_answers(client, world):
    url = reverse("sessions_app:answer", args=[invitation_token(world.invitation_a)])
    assert world.session_x.accepts_answers
    assert client.get(url).status_code == 200
    Session.objects.filter(pk=world.session_x.pk).update(status=S.HELD)
    assert client.get(url).status_code == 410


def test_comments_on_an_acta_close_after_the_whole_day_of_the_deadline():
    today = timezone.localdate()
    assert Minutes(status=Minutes.Status.CIRCULATED, comments_due=today).comments_open
    assert not Minutes(status=Minutes.Status.CIRCULATED, comments_due=today - dt.timedelta(days=1)).comments_open
    assert not Minutes(status=Minutes.Status.DRAFT, comments_due=None).comments_open
