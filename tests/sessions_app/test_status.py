"""The status machine: only draft → convened → held → closed, or cancelled/postponed with a reason."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sessions_app.models import Minutes, Session
from sessions_app.services.status import (
    TRANSITIONS,
    available_actions,
    session_cancel,
    session_close,
    session_mark_held,
    session_postpone,
    session_reschedule,
    session_transition,
)
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db

S = Session.Status
LEGAL = {
    (S.DRAFT, S.CONVENED),
    (S.DRAFT, S.POSTPONED),
    (S.DRAFT, S.CANCELLED),
    (S.CONVENED, S.HELD),
    (S.CONVENED, S.POSTPONED),
    (S.CONVENED, S.CANCELLED),
    (S.HELD, S.CLOSED),
    (S.POSTPONED, S.DRAFT),
    (S.POSTPONED, S.CONVENED),
    (S.POSTPONED, S.CANCELLED),
}
ILLEGAL = sorted(set(itertools.product(S.values, S.values)) - LEGAL)


def _at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


# Far enough ahead that "future" holds whatever day the suite runs, and always within one year.
YEAR = timezone.localdate().year + 3


def _past_session(status):
    """A session that started an hour ago, so every time condition is met."""
    start = timezone.now() - dt.timedelta(hours=1)
    return SessionFactory(status=status, starts_at=start, ends_at=start + dt.timedelta(hours=2))


def test_the_transition_table_is_the_documented_one():
    assert {(source, target) for source, targets in TRANSITIONS.items() for target in targets} == LEGAL


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_every_illegal_move_is_refused_with_a_spanish_message(source, target):
    session = _past_session(source)
    future = timezone.now() + dt.timedelta(days=30)
    with pytest.raises(ValidationError) as caught:
        session_transition(
            session=session, to=target, reason="Motivo", starts_at=future, ends_at=future + dt.timedelta(hours=1)
        )
    assert caught.value.code == "illegal_transition"
    assert f"Una sesión «{S(source).label}» no puede pasar a «{S(target).label}»." in caught.value.messages
    session.refresh_from_db()
    assert session.status == source


def test_a_session_goes_the_whole_way_from_draft_to_closed(mailoutbox, django_capture_on_commit_callbacks):
    seat = SeatFactory()
    session = SessionFactory(council=seat.council, status=S.DRAFT, starts_at=_at(YEAR, 5, 10))
    with django_capture_on_commit_callbacks(execute=True):
        assert session_transition(session=session, to=S.CONVENED).status == S.CONVENED
    # Convening is the convocation's: one invitation per seat, e-mailed.
    assert list(session.invitations.values_list("institution", flat=True)) == [seat.institution_id]
    assert [message.subject.split(":")[0] for message in mailoutbox] == ["Convocatoria"]
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=1), ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert session_mark_held(session=session).status == S.HELD
    Minutes.objects.create(session=session, body="Acta.", status=Minutes.Status.APPROVED)
    assert session_close(session=session).status == S.CLOSED
    session.refresh_from_db()
    assert session.status == S.CLOSED
    assert [record.status for record in session.history.order_by("history_id")][-3:] == [
        S.CONVENED,
        S.HELD,
        S.CLOSED,
    ]


@pytest.mark.parametrize("move", [session_cancel, session_postpone])
@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_or_postponing_needs_a_reason(move, reason):
    session = SessionFactory(status=S.CONVENED)
    with pytest.raises(ValidationError) as caught:
        move(session=session, reason=reason)
    assert caught.value.code == "reason_required"
    assert "Indique el motivo" in caught.value.messages[0]
    session.refresh_from_db()
    assert session.status == S.CONVENED


def _convened_with_one_invitation():
    seat = SeatFactory()
    session = SessionFactory(council=seat.council, status=S.CONVENED, starts_at=_at(YEAR, 5, 10))
    InvitationFactory(session=session, institution=seat.institution, seat=seat, invitee=seat.principal, delivery="sent")
    return session, seat


def test_cancelling_keeps_the_reason_and_tells_everyone_convened(mailoutbox, django_capture_on_commit_callbacks):
    session, seat = _convened_with_one_invitation()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, reason="Contingencia sanitaria")
    session.refresh_from_db()
    assert session.status == S.CANCELLED
    assert session.status_reason == "Contingencia sanitaria"
    assert session.sequence == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Cancelación:") and mailoutbox[0].to == [seat.principal.email]
    assert "Contingencia sanitaria" in mailoutbox[0].body


def test_a_session_is_not_marked_held_before_it_starts():
    session = SessionFactory(status=S.CONVENED, starts_at=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        session_mark_held(session=session)
    assert caught.value.code == "not_started"
    assert S.HELD not in [action.target for action in available_actions(session)]


def test_a_postponed_session_comes_back_on_a_new_date_and_everyone_is_told(
    mailoutbox, django_capture_on_commit_callbacks
):
    session, _seat = _convened_with_one_invitation()
    with django_capture_on_commit_callbacks(execute=True):
        session_postpone(session=session, reason="Agenda del Gobernador")
    assert [message.subject.split(":")[0] for message in mailoutbox] == ["Sesión pospuesta"]
    assert "Agenda del Gobernador" in mailoutbox[0].body
    mailoutbox.clear()
    new_start = _at(YEAR, 6, 14)
    with django_capture_on_commit_callbacks(execute=True):
        session = session_reschedule(
            session=session, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=2), convene=True
        )
    session.refresh_from_db()
    assert session.status == S.CONVENED
    assert session.starts_at == new_start
    assert session.status_reason == ""
    assert session.sequence == 2  # postponed, then moved: two new versions of the calendar event
    assert [message.subject.split(":")[0] for message in mailoutbox] == ["Cambio en la convocatoria"]


def test_a_session_postponed_while_draft_is_not_convened_again_without_a_convocation():
    session = SessionFactory(status=S.DRAFT, starts_at=_at(YEAR, 5, 10))
    session_postpone(session=session, reason="Sin sede")
    with pytest.raises(ValidationError) as caught:
        session_reschedule(session=session, starts_at=_at(YEAR, 6, 1), ends_at=_at(YEAR, 6, 1, 12), convene=True)
    assert caught.value.code == "never_convened"


def test_convening_again_after_a_postponement_sends_the_new_data_not_a_second_convocation(
    mailoutbox, django_capture_on_commit_callbacks
):
    session, seat = _convened_with_one_invitation()
    newcomer = SeatFactory(council=session.council)
    with django_capture_on_commit_callbacks(execute=True):
        session_postpone(session=session, reason="Sin sede")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_reschedule(session=session, starts_at=_at(YEAR, 6, 1), ends_at=_at(YEAR, 6, 1, 12), convene=False)
        session_transition(session=session, to=S.CONVENED)
    subjects = {message.to[0]: message.subject.split(":")[0] for message in mailoutbox}
    assert subjects == {
        seat.principal.email: "Cambio en la convocatoria",
        newcomer.principal.email: "Convocatoria",
    }
    session.refresh_from_db()
    assert session.status == S.CONVENED


def test_convening_again_when_everyone_was_convened_sends_only_the_new_data(
    mailoutbox, django_capture_on_commit_callbacks
):
    session, seat = _convened_with_one_invitation()
    with django_capture_on_commit_callbacks(execute=True):
        session_postpone(session=session, reason="Sin sede")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_reschedule(session=session, starts_at=_at(YEAR, 6, 1), ends_at=_at(YEAR, 6, 1, 12), convene=False)
        session_transition(session=session, to=S.CONVENED)
    assert [(message.to[0], message.subject.split(":")[0]) for message in mailoutbox] == [
        (seat.principal.email, "Cambio en la convocatoria")
    ]
    session.refresh_from_db()
    assert session.status == S.CONVENED


@pytest.mark.parametrize(
    ("days", "same", "code"),
    [(None, False, "new_date_required"), (-2, False, "date_in_past"), (0, True, "same_date")],
)
def test_leaving_a_postponement_needs_a_new_future_date(days, same, code):
    session = SessionFactory(status=S.POSTPONED, status_reason="Sin sede", starts_at=_at(YEAR, 5, 10))
    if same:
        starts_at = session.starts_at
    elif days is None:
        starts_at = None
    else:
        starts_at = timezone.now() + dt.timedelta(days=days)
    ends_at = starts_at + dt.timedelta(hours=1) if starts_at else None
    with pytest.raises(ValidationError) as caught:
        session_transition(session=session, to=S.DRAFT, starts_at=starts_at, ends_at=ends_at)
    assert caught.value.code == code
    session.refresh_from_db()
    assert session.status == S.POSTPONED


def test_a_postponed_draft_moved_to_next_year_takes_that_years_number():
    session = SessionFactory(status=S.POSTPONED, starts_at=_at(YEAR, 12, 10))
    target_year = YEAR + 1
    SessionFactory(council=session.council, starts_at=_at(target_year, 2, 1))
    new_start = _at(target_year, 3, 1)
    session = session_reschedule(
        session=session, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=2), convene=False
    )
    assert (session.year, session.number) == (target_year, 2)
    assert session.title == f"Segunda Sesión Ordinaria {target_year}"


def test_a_postponed_session_cannot_be_convened_again_in_another_year():
    session = SessionFactory(status=S.POSTPONED, starts_at=_at(YEAR, 12, 10))
    InvitationFactory(session=session, delivery="sent")
    new_start = _at(YEAR + 1, 3, 1)
    with pytest.raises(ValidationError) as caught:
        session_reschedule(
            session=session, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=2), convene=True
        )
    assert caught.value.code == "year_change_convened"


@pytest.mark.parametrize(
    ("status", "slugs"),
    [
        (S.DRAFT, ["postpone", "cancel"]),  # its date has passed: it is not convened
        (S.CONVENED, ["hold", "postpone", "cancel"]),
        (S.HELD, []),
        (S.CLOSED, []),
        (S.CANCELLED, []),
        (S.POSTPONED, ["cancel", "redraft", "reconvene"]),
    ],
)
def test_the_page_offers_only_the_legal_moves(status, slugs):
    session = _past_session(status)
    assert [action.slug for action in available_actions(session)] == slugs


def test_a_held_session_is_concluded_only_once_its_acta_is_approved():
    """Without an approved acta the close move is refused and not offered; with one it is both."""
    session = _past_session(S.HELD)
    with pytest.raises(ValidationError) as caught:
        session_close(session=session)
    assert caught.value.code == "minutes_not_approved"
    session.refresh_from_db()
    assert session.status == S.HELD
    minutes = Minutes.objects.create(session=session, body="Acta.", status=Minutes.Status.CIRCULATED)
    assert [action.slug for action in available_actions(session)] == []
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.APPROVED)
    assert [action.slug for action in available_actions(session)] == ["close"]
    assert session_close(session=session).status == S.CLOSED


def test_a_draft_is_offered_convening_only_before_its_date():
    """The same rule as ``convocation.session_convene``: ``Session.accepts_invitations``."""
    upcoming = SessionFactory(status=S.DRAFT, starts_at=timezone.now() + dt.timedelta(days=3))
    assert [action.slug for action in available_actions(upcoming)] == ["convene", "postpone", "cancel"]
    assert "convene" not in [action.slug for action in available_actions(_past_session(S.DRAFT))]
