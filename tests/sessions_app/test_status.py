"""The status machine: only draft → convened → held → closed, or cancelled/postponed with a reason."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sessions_app.models import Session
from sessions_app.services.status import (
    TRANSITIONS,
    available_actions,
    session_cancel,
    session_close,
    session_convene,
    session_mark_held,
    session_postpone,
    session_reschedule,
    session_transition,
)
from tests.sessions_app.factories import SessionFactory

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


def test_a_session_goes_the_whole_way_from_draft_to_closed():
    session = _past_session(S.DRAFT)
    assert session_convene(session=session).status == S.CONVENED
    assert session_mark_held(session=session).status == S.HELD
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


def test_cancelling_keeps_the_reason_and_tells_calendars():
    session = SessionFactory(status=S.CONVENED)
    session_cancel(session=session, reason="Contingencia sanitaria")
    session.refresh_from_db()
    assert session.status == S.CANCELLED
    assert session.status_reason == "Contingencia sanitaria"
    assert session.sequence == 1


def test_a_session_is_not_marked_held_before_it_starts():
    session = SessionFactory(status=S.CONVENED, starts_at=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        session_mark_held(session=session)
    assert caught.value.code == "not_started"
    assert S.HELD not in [action.target for action in available_actions(session)]


def test_a_postponed_session_comes_back_on_a_new_date():
    session = SessionFactory(status=S.CONVENED, starts_at=_at(YEAR, 5, 10))
    session_postpone(session=session, reason="Agenda del Gobernador")
    new_start = _at(YEAR, 6, 14)
    session = session_reschedule(
        session=session, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=2), convene=True
    )
    session.refresh_from_db()
    assert session.status == S.CONVENED
    assert session.starts_at == new_start
    assert session.status_reason == ""
    assert session.sequence == 2  # postponed, then moved: two new versions of the calendar event


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
    new_start = _at(YEAR + 1, 3, 1)
    with pytest.raises(ValidationError) as caught:
        session_reschedule(
            session=session, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=2), convene=True
        )
    assert caught.value.code == "year_change_convened"


@pytest.mark.parametrize(
    ("status", "slugs"),
    [
        (S.DRAFT, ["convene", "postpone", "cancel"]),
        (S.CONVENED, ["hold", "postpone", "cancel"]),
        (S.HELD, ["close"]),
        (S.CLOSED, []),
        (S.CANCELLED, []),
        (S.POSTPONED, ["cancel", "redraft", "reconvene"]),
    ],
)
def test_the_page_offers_only_the_legal_moves(status, slugs):
    session = _past_session(status)
    assert [action.slug for action in available_actions(session)] == slugs
