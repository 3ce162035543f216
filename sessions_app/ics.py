"""iCalendar events of sessions, shared by the convocation e-mails and the council feed.

One session is one event with a stable UID, so a later version (higher
SEQUENCE) or a cancellation (METHOD:CANCEL) replaces the entry a delegate
already has in their calendar.
"""

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from sessions_app.models import Session

PRODID = "-//Sesiones//Consejos interinstitucionales//ES"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@sesiones"


def session_location(session: Session) -> str:
    place = ", ".join(part for part in (session.venue, session.city, session.state) if part)
    if session.is_virtual and session.video_url:
        return f"{place} — {session.video_url}" if place else session.video_url
    return place


def session_event(session: Session, *, cancelled: bool = False) -> Event:
    """The VEVENT of a session: UID, SEQUENCE, times, place, video link and status."""
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", session.updated_at or session.created_at)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", f"{session.title} — {session.council.short_name or session.council.name}")
    event.add("location", session_location(session))
    description = [session.full_title]
    if session.video_url:
        description.append(session.video_url)
        event.add("url", session.video_url)
    description.append(f"{settings.SITE_URL.rstrip('/')}{session.get_absolute_url()}")
    event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if cancelled or session.status == Session.Status.CANCELLED else "CONFIRMED")
    return event


def calendar(events: list[Event], *, method: str | None = None, name: str | None = None) -> Calendar:
    """A VCALENDAR holding the given events; METHOD for invitations (REQUEST/CANCEL), none for feeds."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(event)
    return cal


def add_organizer(event: Event, *, email: str, name: str) -> None:
    organizer = vCalAddress(f"mailto:{email}")
    organizer.params["cn"] = vText(name)
    event.add("organizer", organizer)


def add_attendee(
    event: Event,
    *,
    email: str,
    name: str,
    rsvp: bool = True,
    optional: bool = False,
    partstat: str = "NEEDS-ACTION",
    delegated_to: str = "",
    delegated_from: str = "",
) -> None:
    """An ATTENDEE: required (the titular) or optional (a suplente), with the answer already given (PARTSTAT)."""
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["cn"] = vText(name)
    attendee.params["role"] = vText("OPT-PARTICIPANT" if optional else "REQ-PARTICIPANT")
    attendee.params["partstat"] = vText(partstat)
    attendee.params["rsvp"] = vText("TRUE" if rsvp else "FALSE")
    if delegated_to:
        attendee.params["delegated-to"] = vText(f"mailto:{delegated_to}")
    if delegated_from:
        attendee.params["delegated-from"] = vText(f"mailto:{delegated_from}")
    event.add("attendee", attendee, encode=0)
