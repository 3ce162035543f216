"""``{% invitation_list %}``: the session page's list of convened institutions, written in Python.

It is the part of the session page rendered again after every answer and
check-in (``core.versions.attendance_changed``), with one row per institution:
through the template language its 40 rows were most of a cold render. The
rows come from ``selectors.sessions.session_invitation_rows`` (a few columns,
no model instances) and the labels are translated once per list.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sessions_app.models import Invitation

register = template.Library()

_CONFIRMED = {Invitation.Answer.CONFIRMED, Invitation.Answer.ALTERNATE}


def _answer_badge(row: dict, answers: dict, *, held: bool) -> str:
    if held:
        if row["attended"]:
            return format_html('<span class="badge text-bg-success">{}</span>', _("Asistió"))
        return format_html('<span class="badge text-bg-light border">{}</span>', _("No asistió"))
    if row["answer"] in _CONFIRMED:
        tone = "text-bg-success"
    elif row["answer"] == Invitation.Answer.DECLINED:
        tone = "text-bg-danger"
    else:
        tone = "text-bg-light"
    attended = format_html(" · {}", _("asistió")) if row["attended"] else ""
    return format_html('<span class="badge {}">{}{}</span>', tone, answers[row["answer"]], attended)


def _row(row: dict, *, roles: dict, answers: dict, can_manage: bool, accepts_answers: bool, held: bool) -> tuple:
    details = [roles[row["role"]]]
    if row["has_vote"]:
        details.append(_("con voto"))
    attendee = f"{row['attendee__honorific'] or ''} {row['attendee__full_name'] or ''}".strip()
    if attendee:
        details.append(attendee)
    answer_link = ""
    if not can_manage and accepts_answers:
        label = _("Responder") if row["answer"] == Invitation.Answer.PENDING else _("Cambiar respuesta")
        url = reverse("sessions_app:invitation_answer", args=[row["pk"]])
        answer_link = format_html('<a class="btn btn-sm btn-guinda me-2" href="{}">{}</a>', url, label)
    return (
        row["institution__name"],
        " · ".join(details),
        answer_link,
        _answer_badge(row, answers, held=held),
    )


@register.simple_tag
def invitation_list(rows, *, session, can_manage: bool) -> str:
    """The ``<ul>`` of the convened institutions with their answer (or attendance, once held)."""
    if not rows:
        return format_html('<p class="empty-state">{}</p>', _("Aún no se ha convocado a ninguna institución."))
    roles = {value: str(label) for value, label in Invitation.Role.choices}
    answers = {value: str(label) for value, label in Invitation.Answer.choices}
    options = {
        "roles": roles,
        "answers": answers,
        "can_manage": can_manage,
        "accepts_answers": session.accepts_answers,
        "held": session.has_been_held,
    }
    items = format_html_join(
        "\n",
        '<li class="list-group-item d-flex justify-content-between align-items-start">'
        '<div><div>{}</div><div class="small text-muted">{}</div></div>{}{}</li>',
        (_row(row, **options) for row in rows),
    )
    return format_html('<ul class="list-group">\n{}\n</ul>', mark_safe(items))  # noqa: S308 - built by format_html
