"""The live parts of the session lists (``{% live %}``): what answers and check-ins change in a kept page."""

from django.template.loader import get_template

from sessions_app.models import Session
from sessions_app.selectors.sessions import sessions_with_counts

COUNT = "count:"


def session_count_parts(names: list[str]) -> dict[str, str]:
    """The "Instituciones" cell of each session named ``count:<pk>``, counted in one query."""
    ids = [int(name.removeprefix(COUNT)) for name in names if name.startswith(COUNT)]
    if not ids:
        return {}
    cell = get_template("includes/_session_count.html")
    sessions = sessions_with_counts(Session.objects.filter(pk__in=ids)).select_related(None).only("pk", "status")
    return {f"{COUNT}{session.pk}": cell.render({"session": session}) for session in sessions}
