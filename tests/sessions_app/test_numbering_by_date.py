"""Numbering by date: the ordinals follow the calendar of the year's sessions of one body and kind.

Drafts take their number from their date; a session whose title went out (convened, held, closed)
keeps it, and a date that would make it change its name is refused; a cancelled session leaves the count.
"""

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import Session
from sessions_app.services import numbering
from sessions_app.services.sessions import session_create, session_update
from sessions_app.services.status import session_cancel, session_reschedule, session_transition
from tests.council.factories import CouncilFactory, WorkingGroupFactory
from tests.members.factories import UserFactory
from tests.sessions_app.factories import InvitationFactory

pytestmark = pytest.mark.django_db

S = Session.Status
YEAR = timezone.localdate().year + 1  # a whole future year, so every draft may be moved anywhere in it


def _at(year, month, day, hour=10):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def _create(council, when, kind=Session.Kind.ORDINARY, **kwargs):
    return session_create(
        council=council, kind=kind, starts_at=when, ends_at=when + dt.timedelta(hours=2), with_template=False, **kwargs
    )


def _move(session, when):
    session.refresh_from_db()
    return session_update(
        session=session,
        starts_at=when,
        ends_at=when + dt.timedelta(hours=2),
        venue=session.venue,
        city=session.city,
        state=session.state,
        modality=session.modality,
        video_url=session.video_url,
    )


def _titles(council, **filters):
    """The council's plenary sessions as the calendar lists them: by date, with their titles."""
    sessions = Session.objects.filter(council=council, working_group=None, **filters).order_by("starts_at")
    return [session.title for session in sessions]


def _set_status(session, status):
    Session.objects.filter(pk=session.pk).update(status=status)
    session.refresh_from_db()
    return session


def test_a_session_scheduled_later_for_an_earlier_date_is_the_first(world):
    may = _create(world.council_x, _at(YEAR, 5, 10))
    march = _create(world.council_x, _at(YEAR, 3, 10))
    assert march.title == f"Primera Sesión Ordinaria {YEAR}"
    may.refresh_from_db()
    assert may.title == f"Segunda Sesión Ordinaria {YEAR}"
    assert _titles(world.council_x, year=YEAR) == [
        f"Primera Sesión Ordinaria {YEAR}",
        f"Segunda Sesión Ordinaria {YEAR}",
    ]
    # The renumbered draft's history says it changed its name.
    assert [record.number for record in may.history.order_by("history_date")] == [1, 2]


def test_a_past_session_recorded_after_the_fact_slots_into_place(other_state):
    """On the Jalisco council: a held session in March, a draft in December; one held in June is recorded later."""
    council = other_state.council
    year = timezone.localdate().year - 1
    held = _set_status(_create(council, _at(year, 3, 2)), S.HELD)
    later = _create(council, _at(year, 12, 20))
    june = _create(council, _at(year, 6, 15))
    later.refresh_from_db()
    held.refresh_from_db()
    assert (held.number, june.number, later.number) == (1, 2, 3)
    assert june.title == f"Segunda Sesión Ordinaria {year}"


def test_a_date_that_would_rename_a_held_session_is_refused_with_its_name(world):
    council = world.council_x
    year = timezone.localdate().year - 1
    held = _set_status(_create(council, _at(year, 3, 2)), S.HELD)
    with pytest.raises(ValidationError) as caught:
        _create(council, _at(year, 1, 20))
    error = caught.value.error_dict["starts_at"][0]
    assert error.code == "number_order"
    text = error.messages[0]
    assert (
        f"la Primera Sesión Ordinaria {year} (2 de marzo de {year}) tendría que llamarse Segunda Sesión Ordinaria"
        in text
    )
    assert "no cambia" in text
    held.refresh_from_db()
    assert held.number == 1
    assert Session.objects.filter(council=council, year=year).count() == 1


def test_a_draft_moved_across_another_swaps_numbers(world):
    first = _create(world.council_x, _at(YEAR, 3, 10))
    second = _create(world.council_x, _at(YEAR, 5, 10))
    moved = _move(first, _at(YEAR, 6, 1))
    second.refresh_from_db()
    assert (second.number, moved.number) == (1, 2)
    assert _titles(world.council_x, year=YEAR) == [
        f"Primera Sesión Ordinaria {YEAR}",
        f"Segunda Sesión Ordinaria {YEAR}",
    ]


def test_a_convened_session_is_not_moved_out_of_order_and_drafts_fit_around_it(world):
    council = world.council_x
    convened = _set_status(_create(council, _at(YEAR, 3, 10)), S.CONVENED)
    draft = _create(council, _at(YEAR, 5, 10))
    with pytest.raises(ValidationError) as caught:
        _move(convened, _at(YEAR, 6, 1))
    assert caught.value.error_dict["starts_at"][0].code == "number_order"
    assert f"Primera Sesión Ordinaria {YEAR}" in caught.value.messages[0]
    convened.refresh_from_db()
    draft.refresh_from_db()
    assert (convened.starts_at, convened.number, draft.number) == (_at(YEAR, 3, 10), 1, 2)
    # Moved within its place, it keeps its name.
    assert _move(convened, _at(YEAR, 4, 1)).number == 1


def test_a_draft_moved_to_another_year_takes_its_place_there_and_closes_the_gap(world):
    council = world.council_x
    first = _create(council, _at(YEAR, 2, 10))
    leaving = _create(council, _at(YEAR, 4, 10))
    last = _create(council, _at(YEAR, 9, 10))
    january = _create(council, _at(YEAR + 1, 1, 20))
    moved = _move(leaving, _at(YEAR + 1, 1, 5))
    assert (moved.year, moved.number) == (YEAR + 1, 1)
    for session in (first, last, january):
        session.refresh_from_db()
    assert (first.number, last.number) == (1, 2)
    assert january.number == 2


def test_a_postponed_draft_rescheduled_before_another_takes_the_first_number(world):
    council = world.council_x
    postponed = _set_status(_create(council, _at(YEAR, 2, 10)), S.POSTPONED)
    other = _create(council, _at(YEAR, 3, 10))
    rescheduled = session_reschedule(
        session=postponed, starts_at=_at(YEAR, 4, 1), ends_at=_at(YEAR, 4, 1, 12), convene=False
    )
    other.refresh_from_db()
    assert (other.number, rescheduled.number) == (1, 2)


def test_a_postponed_session_whose_convocatoria_went_out_keeps_its_name(world):
    council = world.council_x
    postponed = _set_status(_create(council, _at(YEAR, 2, 10)), S.POSTPONED)
    InvitationFactory(session=postponed, delivery="sent")
    _create(council, _at(YEAR, 3, 10))
    with pytest.raises(ValidationError) as caught:
        session_reschedule(session=postponed, starts_at=_at(YEAR, 4, 1), ends_at=_at(YEAR, 4, 1, 12), convene=True)
    assert caught.value.error_dict["starts_at"][0].code == "number_order"


def test_a_cancelled_session_leaves_the_count_and_keeps_its_title(world):
    council = world.council_x
    first = _create(council, _at(YEAR, 2, 10))
    cancelled = _create(council, _at(YEAR, 3, 10))
    third = _create(council, _at(YEAR, 4, 10))
    session_cancel(session=cancelled, reason="Sin quórum previsto")
    for session in (first, cancelled, third):
        session.refresh_from_db()
    assert (first.number, third.number) == (1, 2)
    assert cancelled.title == f"Segunda Sesión Ordinaria {YEAR}"  # as it was announced, in its history
    assert _titles(council, year=YEAR, status=S.DRAFT) == [
        f"Primera Sesión Ordinaria {YEAR}",
        f"Segunda Sesión Ordinaria {YEAR}",
    ]
    # The next one scheduled counts after the others; a fixed number left by a cancellation stays a gap.
    _set_status(third, S.CONVENED)
    assert _create(council, _at(YEAR, 5, 10)).number == 3


def test_a_convened_session_after_a_cancelled_one_keeps_its_number(world):
    council = world.council_x
    _create(council, _at(YEAR, 2, 10))
    cancelled = _create(council, _at(YEAR, 3, 10))
    convened = _set_status(_create(council, _at(YEAR, 4, 10)), S.CONVENED)
    session_transition(session=cancelled, to=S.CANCELLED, reason="Se canceló")
    convened.refresh_from_db()
    assert convened.number == 3
    # A draft between them takes the number the cancellation left free.
    assert _create(council, _at(YEAR, 3, 20)).number == 2


def test_a_working_group_is_numbered_apart_from_the_plenary_and_named_after_it(world):
    council = world.council_x
    group = WorkingGroupFactory(
        council=council, coordinator=world.seat_a.institution, name="Grupo de Trabajo de Prevención"
    )
    plenary = _create(council, _at(YEAR, 5, 10))
    group_later = _create(council, _at(YEAR, 6, 10), working_group=group)
    group_first = _create(council, _at(YEAR, 4, 10), working_group=group)
    group_later.refresh_from_db()
    plenary.refresh_from_db()
    assert plenary.title == f"Primera Sesión Ordinaria {YEAR}"
    assert group_first.title == f"Primera Sesión Ordinaria {YEAR} del Grupo de Trabajo de Prevención"
    assert group_later.title == f"Segunda Sesión Ordinaria {YEAR} del Grupo de Trabajo de Prevención"
    assert group_first.full_title == f"{group_first.title} — Consejo X"


def test_ordinary_and_extraordinary_are_numbered_apart(other_state):
    council = other_state.council
    ordinary = _create(council, _at(YEAR, 5, 10))
    extraordinary = _create(council, _at(YEAR, 6, 10), kind=Session.Kind.EXTRAORDINARY)
    earlier_extraordinary = _create(council, _at(YEAR, 1, 10), kind=Session.Kind.EXTRAORDINARY)
    extraordinary.refresh_from_db()
    assert ordinary.number == 1
    assert (earlier_extraordinary.number, extraordinary.number) == (1, 2)


def test_numbers_already_out_of_order_are_tolerated(world):
    """Sessions numbered before this rule (or in the admin) stay as they are; new ones still fit."""
    council = world.council_x
    second = _set_status(_create(council, _at(YEAR, 2, 10)), S.CONVENED)
    first = _set_status(_create(council, _at(YEAR, 3, 10)), S.CONVENED)
    Session.objects.filter(pk=second.pk).update(number=99)
    Session.objects.filter(pk=first.pk).update(number=1)
    Session.objects.filter(pk=second.pk).update(number=2)
    added = _create(council, _at(YEAR, 5, 10))
    assert added.number == 3


def test_the_schedule_page_says_why_a_date_is_refused(client, world):
    """Scheduling from the page: the refusal is shown beside the date, in Spanish, and nothing is created."""
    council = world.council_x
    year = YEAR
    _set_status(_create(council, _at(year, 3, 2)), S.CONVENED)
    client.force_login(world.staff_x)
    response = client.post(
        reverse("sessions_app:create", args=[council.pk]),
        {
            "kind": "ordinary",
            "date": f"{year}-01-20",
            "start_time": "10:00",
            "end_time": "12:00",
            "modality": "in_person",
        },
    )
    assert response.status_code == 200
    assert "tendría que llamarse Segunda Sesión Ordinaria" in response.content.decode()
    assert Session.objects.filter(council=council, year=year).count() == 1


@pytest.mark.django_db(transaction=True)
def test_sessions_scheduled_at_the_same_moment_are_numbered_by_date(monkeypatch):
    """Two transactions schedule a session of one council at once: numbered one after the other, by date."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writes and has no SELECT … FOR UPDATE; the race only exists on PostgreSQL.")
    council = CouncilFactory()
    original = numbering.session_place

    def slow(session, **kwargs):
        original(session, **kwargs)
        time.sleep(0.3)

    monkeypatch.setattr(numbering, "session_place", slow)
    barrier = threading.Barrier(2)
    errors = []

    def schedule(month):
        try:
            barrier.wait()
            _create(council, _at(YEAR, month, 10))
        except Exception as exc:  # the test reports whatever a thread hit
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=schedule, args=(month,)) for month in (6, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(Session.objects.filter(council=council).order_by("starts_at").values_list("number", flat=True))
    assert numbers == [1, 2]


def test_the_month_calendar_shows_the_first_before_the_second(client, other_state):
    """Jalisco's staff schedule the later session first; their calendar reads Primera, then Segunda."""
    council = other_state.council
    staff = UserFactory(username="staff_jalisco")
    council.staff.add(staff)
    _create(council, _at(YEAR, 3, 20))
    _create(council, _at(YEAR, 3, 5), working_group=None)
    client.force_login(staff)
    page = client.get(reverse("sessions_app:calendar_month", args=[YEAR, 3])).content.decode()
    assert page.index(f"Primera Sesión Ordinaria {YEAR}") < page.index(f"Segunda Sesión Ordinaria {YEAR}")
