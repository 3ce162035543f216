"""What a council's history page shows: the council, its seats and suplentes, its working groups.

``sessions_app.history`` adds the council's sessions to the same page.
"""

from django.core.paginator import Page

from core import history

history.register("council", "council.Council", "id")
history.register("council", "council.Seat", "council_id")
history.register("council", "council.SeatAlternate", "seat__council_id")
history.register("council", "council.WorkingGroup", "council_id")


def council_history(*, council, page: int | str = 1) -> Page:
    """A page of the changes to a council, its seats, suplentes, working groups and sessions, newest first."""
    return history.history_page("council", council.pk, page)
