"""Reads about councils; each owns the joins its page needs, so pages keep a fixed query count."""

from django.db.models import Prefetch, QuerySet

from council.models import Council, Seat, SeatAlternate, WorkingGroup


def seats_with_people(council: Council) -> QuerySet[Seat]:
    """A council's current seats with their institution, titular and suplentes."""
    return (
        Seat.objects.active()
        .filter(council=council)
        .select_related("institution", "principal")
        .prefetch_related(
            Prefetch(
                "alternate_links", queryset=SeatAlternate.objects.select_related("person"), to_attr="alternate_list"
            )
        )
        .order_by("order", "institution__name")
    )


def council_detail(*, council: Council) -> dict:
    """Everything the council page shows: members with vote, invited bodies, working groups."""
    seats = list(seats_with_people(council))
    groups = list(
        WorkingGroup.objects.filter(council=council)
        .select_related("coordinator", "formed_at")
        .prefetch_related("members")
        .order_by("status", "name")
    )
    return {
        "voting_seats": [seat for seat in seats if seat.is_voting],
        "guest_seats": [seat for seat in seats if not seat.is_voting],
        "working_groups": groups,
    }
