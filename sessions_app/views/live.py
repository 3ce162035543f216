"""The live parts of the session lists (``{% live %}``): what answers and check-ins change in a kept page."""

from django.db.models import Count, Q

from core.queries import CompiledQuery
from sessions_app.models import Invitation, Session
from sessions_app.templatetags.session_counts import count_cell

COUNT = "count:"
_CONFIRMED = Q(invitations__answer__in=[Invitation.Answer.CONFIRMED, Invitation.Answer.ALTERNATE])


def session_count_parts(names: list[str]) -> dict[str, str]:
    """The "Instituciones" cell of each session named ``count:<pk>``, counted in one query."""
    ids = [int(name.removeprefix(COUNT)) for name in names if name.startswith(COUNT)]
    if not ids:
        return {}
    return {
        f"{COUNT}{pk}": count_cell(status=status, invited=invited, confirmed=confirmed, attended=attended)
        for pk, status, invited, confirmed, attended in _COUNTS.rows(*sorted(set(ids)))
    }


# One query per number of sessions shown, compiled once (``core.queries``).
_COUNTS = CompiledQuery(
    lambda *ids: (
        Session.objects.filter(pk__in=ids)
        .values("pk", "status")
        .annotate(
            invited=Count("invitations"),
            confirmed=Count("invitations", filter=_CONFIRMED),
            attended=Count("invitations", filter=Q(invitations__attended=True)),
        )
        .order_by()
        .values_list("pk", "status", "invited", "confirmed", "attended")
    )
)
