import pytest
from icalendar import Calendar

from sessions_app.ics import add_attendee, calendar, session_event
from sessions_app.models import Session
from tests.sessions_app.factories import SessionFactory


@pytest.mark.django_db
def test_a_session_event_parses_back_with_uid_sequence_and_video_link():
    session = SessionFactory(modality=Session.Modality.HYBRID, video_url="https://video.example.gob.mx/sala")
    event = session_event(session)
    add_attendee(event, email="titular@example.gob.mx", name="Titular")
    parsed = Calendar.from_ical(calendar([event], method="REQUEST").to_ical())
    vevent = parsed.walk("VEVENT")[0]
    assert str(vevent["UID"]) == f"session-{session.pk}@sesiones"
    assert int(vevent["SEQUENCE"]) == 0
    assert "https://video.example.gob.mx/sala" in str(vevent["LOCATION"])
    assert str(vevent["ATTENDEE"].params["RSVP"]) == "TRUE"
    assert str(parsed["METHOD"]) == "REQUEST"
