"""Scheduling and editing a session's logistics: numbering, calendar versions and the year of the number."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from sessions_app.models import Session
from sessions_app.services.sessions import session_create, session_update
from tests.council.factories import CouncilFactory, SeatFactory, WorkingGroupFactory
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year + 3


def _at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def _logistics(session, **changes):
    fields = {
        field: getattr(session, field)
        for field in ("starts_at", "ends_at", "venue", "city", "state", "modality", "video_url")
    }
    return {**fields, **changes}


def test_a_virtual_session_needs_its_video_link():
    with pytest.raises(ValidationError) as caught:
        session_create(
            council=CouncilFactory(),
            kind=Session.Kind.ORDINARY,
            starts_at=_at(YEAR, 3, 1),
            ends_at=_at(YEAR, 3, 1, 12),
            modality=Session.Modality.VIRTUAL,
        )
    assert caught.value.message_dict["video_url"] == [
        "Una sesión virtual o híbrida necesita el enlace de videoconferencia."
    ]
    assert not Session.objects.exists()


def test_a_session_of_another_councils_working_group_is_refused():
    with pytest.raises(ValidationError) as caught:
        session_create(
            council=CouncilFactory(),
            working_group=WorkingGroupFactory(),
            kind=Session.Kind.ORDINARY,
            starts_at=_at(YEAR, 3, 1),
            ends_at=_at(YEAR, 3, 1, 12),
        )
    assert "working_group" in caught.value.message_dict


def test_moving_a_convened_session_is_a_new_version_of_its_calendar_event():
    session = SessionFactory(status=Session.Status.CONVENED, starts_at=_at(YEAR, 5, 10))
    session = session_update(
        **_logistics(session, starts_at=_at(YEAR, 5, 12), ends_at=_at(YEAR, 5, 12, 12)), session=session
    )
    assert session.sequence == 1
    session = session_update(**_logistics(session, venue="Torre Administrativa"), session=session)
    assert session.sequence == 2
    session.refresh_from_db()
    assert (session.starts_at, session.venue, session.sequence) == (_at(YEAR, 5, 12), "Torre Administrativa", 2)


def test_everyone_convened_is_told_of_a_change_and_nobody_of_a_drafts(mailoutbox, django_capture_on_commit_callbacks):
    seat = SeatFactory()
    convened = SessionFactory(council=seat.council, status=Session.Status.CONVENED, starts_at=_at(YEAR, 5, 10))
    InvitationFactory(
        session=convened, institution=seat.institution, seat=seat, invitee=seat.principal, delivery="sent"
    )
    with django_capture_on_commit_callbacks(execute=True):
        session_update(**_logistics(convened, venue="Torre Administrativa"), session=convened)
    assert [message.subject.split(":")[0] for message in mailoutbox] == ["Cambio en la convocatoria"]
    assert "Torre Administrativa" in mailoutbox[0].body
    ics = [part for part in mailoutbox[0].attachments if part.get_content_type() == "text/calendar"]
    event = Calendar.from_ical(ics[0].get_payload(decode=True)).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1 and "Torre Administrativa" in str(event["LOCATION"])
    draft = SessionFactory(council=seat.council, status=Session.Status.DRAFT, starts_at=_at(YEAR, 6, 10))
    with django_capture_on_commit_callbacks(execute=True):
        session_update(**_logistics(draft, venue="Otra sede"), session=draft)
    assert len(mailoutbox) == 1


def test_saving_without_changes_or_editing_a_draft_keeps_the_version():
    convened = SessionFactory(status=Session.Status.CONVENED, starts_at=_at(YEAR, 5, 10))
    assert session_update(**_logistics(convened), session=convened).sequence == 0
    draft = SessionFactory(status=Session.Status.DRAFT, starts_at=_at(YEAR, 6, 10))
    assert (
        session_update(
            **_logistics(draft, starts_at=_at(YEAR, 6, 11), ends_at=_at(YEAR, 6, 11, 12)), session=draft
        ).sequence
        == 0
    )


def test_a_draft_moved_to_another_year_is_renumbered_in_that_year():
    council = CouncilFactory()
    draft = SessionFactory(council=council, status=Session.Status.DRAFT, starts_at=_at(YEAR, 12, 10))
    SessionFactory(council=council, starts_at=_at(YEAR + 1, 1, 20))
    moved = session_update(
        **_logistics(draft, starts_at=_at(YEAR + 1, 2, 5), ends_at=_at(YEAR + 1, 2, 5, 12)), session=draft
    )
    assert moved.title == f"Segunda Sesión Ordinaria {YEAR + 1}"


def test_a_convened_session_cannot_change_year():
    session = SessionFactory(status=Session.Status.CONVENED, starts_at=_at(YEAR, 12, 10))
    with pytest.raises(ValidationError) as caught:
        session_update(
            **_logistics(session, starts_at=_at(YEAR + 1, 1, 8), ends_at=_at(YEAR + 1, 1, 8, 12)), session=session
        )
    assert caught.value.code == "year_change_convened"
    assert "Pospóngala y reprográmela como borrador" in caught.value.messages[0]
    session.refresh_from_db()
    assert session.starts_at == _at(YEAR, 12, 10)


@pytest.mark.parametrize(
    "status", [Session.Status.HELD, Session.Status.CLOSED, Session.Status.CANCELLED, Session.Status.POSTPONED]
)
def test_only_draft_or_convened_sessions_are_edited(status):
    session = SessionFactory(status=status, starts_at=_at(YEAR, 5, 10))
    with pytest.raises(ValidationError) as caught:
        session_update(**_logistics(session, venue="Otra sede"), session=session)
    assert caught.value.code == "not_editable"
