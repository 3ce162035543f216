"""A council's private iCalendar feed: the sessions it has announced, behind a secret URL that can be rotated."""

from django.db import transaction
from icalendar import Calendar

from council.models import Council, new_feed_token
from sessions_app.ics import calendar, session_event
from sessions_app.models import Session


def council_calendar(*, council: Council, sessions: list[Session]) -> Calendar:
    """The VCALENDAR of a council's feed; a postponed session is shown as tentative until it has a new date."""
    events = []
    for session in sessions:
        event = session_event(session)
        if session.status == Session.Status.POSTPONED:
            event.pop("status")
            event.add("status", "TENTATIVE")
        events.append(event)
    return calendar(events, name=council.short_name or council.name)


@transaction.atomic
def council_feed_rotate(*, council: Council) -> Council:
    """Give the council's feed a new secret address; the old one stops working at once."""
    locked = Council.objects.select_for_update().get(pk=council.pk)
    locked.feed_token = new_feed_token()
    locked.full_clean()
    locked.save(update_fields=["feed_token"])
    return locked
