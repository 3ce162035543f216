"""``{% session_count session %}``: the "Instituciones" cell of a session list, written in Python.

Confirmations before the session, attendance once it was held. The same function fills the cell as a
live part of a kept list (``sessions_app.views.live``) from one counting query.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from sessions_app.models import Session

register = template.Library()

_HELD = {Session.Status.HELD, Session.Status.CLOSED}


def count_cell(*, status: str, invited: int, confirmed: int, attended: int) -> str:
    if status == Session.Status.DRAFT:
        return format_html('<span class="text-muted">{}</span>', _("sin convocar"))
    if not invited:
        return format_html('<span class="text-muted">{}</span>', _("nadie convocado"))
    if status in _HELD:
        return _("%(n)s / %(total)s asistieron") % {"n": attended, "total": invited}
    return _("%(n)s / %(total)s confirmaron") % {"n": confirmed, "total": invited}


@register.simple_tag
def session_count(session) -> str:
    """The cell of a session annotated by ``selectors.sessions.sessions_with_counts``."""
    return count_cell(
        status=session.status, invited=session.invited, confirmed=session.confirmed, attended=session.attended
    )
