"""The live parts of the session lists (``{% live %}``): what answers and check-ins change in a kept page."""

from django.db.models import Count, Q

from sessions_app.models import Invitation, Session
from sessions_app.templatetags.session_counts import count_cell

COUNT = "count:"
_CONFIRMED = Q(invitations__answer__in=[Invitation.Answer.CONFIRMED, Invitation.Answer.ALTERNATE])


def session_count_parts(names: list[str]) -> dict[str, str]:
    """The "Instituciones" cell of each session named ``count:<pk>``, counted in one query."""
    ids = [int(name.removeprefix(COUNT)) for name in names if name.startswith(COUNT)]
    if not ids:
        return {}
    rows = (
        Session.objects.filter(pk__in=ids)
        .values("pk", "status")
        .annotate(
            invited=Count("invitations"),
            confirmed=Count("invitations", filter=_CONFIRMED),
            attended=Count("invitations", filter=Q(invitations__attended=True)),
        )
        .order_by()
    )
    return {f"{COUNT}{row.pop('pk')}": count_cell(**row) for row in rows}
