"""``{% answer_rows %}``: a group of the live confirmations (who confirmed, sent a suplente, declined…), in Python.

The live confirmations page is rendered again after every answer in its session; through the template
language its four groups of rows (one ``include`` per group, a dozen lookups per row) were most of that
render. The markup is the one the template wrote: each row the institution with its vote, who attends or
was convened, when they answered, the delivery when it is not "sent", a reminder sent, an answer recorded
by the secretariat, the comment, and the staff's actions.
"""

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.wording import long_date
from sessions_app.models import Invitation, InvitationAnswer

register = template.Library()


_PK = 2147483647  # a placeholder id: each list reverses its two URLs once and puts each row's id in them


def _url(name: str) -> str:
    return reverse(name, args=[_PK])


def _who(invitation: Invitation, labels: dict) -> str:
    """The person who attends (a suplente proposed by name still to validate), or the one convened."""
    if invitation.answer == Invitation.Answer.ALTERNATE:
        if invitation.attendee:
            return escape(invitation.attendee.display_name)
        if invitation.proposal:
            return format_html(
                '{} <span class="badge text-bg-info">{}</span>', invitation.proposal.proposed_name, labels["validate"]
            )
        return ""
    if invitation.answer == Invitation.Answer.CONFIRMED and invitation.attendee:
        return escape(invitation.attendee.display_name)
    if invitation.invitee:
        return escape(invitation.invitee.display_name)
    return "—"


def _details(invitation: Invitation, labels: dict) -> str:
    parts = [_who(invitation, labels)]
    if invitation.answered_at:
        parts.append(" · " + escape(long_date(invitation.answered_at, "day_month_time")))
    if invitation.delivery != Invitation.Delivery.SENT:
        parts.append(" · " + escape(labels["delivery"][invitation.delivery]))
    if invitation.reminded_at:
        parts.append(" · " + labels["reminded"])
    record = invitation.current_answer
    if record and record.channel == InvitationAnswer.Channel.STAFF:
        if record.answered_by:
            name = record.answered_by.get_full_name() or record.answered_by.get_username()
            parts.append(" · " + escape(labels["recorded_by"] % {"name": name}))
        else:
            parts.append(" · " + labels["recorded"])
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped or built by format_html


def _comment(invitation: Invitation, labels: dict) -> str:
    comment = invitation.current_answer.comment if invitation.current_answer else ""
    if not comment:
        return ""
    return format_html(
        '<div class="small answer-comment"><i class="bi bi-chat-left-text" aria-hidden="true"></i> '
        '<span class="visually-hidden">{}:</span> «{}»</div>',
        labels["comment"],
        comment,
    )


def _actions(invitation: Invitation, options: dict) -> str:
    pk = str(invitation.pk)
    actions = []
    if options["record_url"]:
        label = options["record"] if invitation.answer == Invitation.Answer.PENDING else options["change"]
        actions.append(
            format_html(
                '<a class="btn btn-sm btn-outline-secondary text-nowrap" href="{}">{}</a>',
                options["record_url"].replace(str(_PK), pk),
                label,
            )
        )
    if options["resend_url"]:
        actions.append(
            format_html(
                '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="btn btn-sm btn-outline-secondary">{}</button></form>',
                options["resend_url"].replace(str(_PK), pk),
                options["csrf_token"],
                options["resend"],
            )
        )
    return mark_safe("\n".join(actions))  # noqa: S308 - each built by format_html


def row_labels() -> dict:
    """The words of the rows, once per list (in the request's language)."""
    return {
        "validate": _("por validar"),
        "delivery": {value: str(label) for value, label in Invitation.Delivery.choices},
        "reminded": escape(_("recordatorio enviado")),
        "recorded_by": _("registrada por la Secretaría Técnica (%(name)s)"),
        "recorded": escape(_("registrada por la Secretaría Técnica")),
        "comment": _("Comentario"),
    }


def row_options(*, can_record_answers: bool, resend: bool, csrf_token: str) -> dict:
    """The staff's actions of the rows: record or change an answer, send the convocation again."""
    return {
        "record_url": _url("sessions_app:invitation_answer_staff") if can_record_answers else "",
        "record": _("Registrar su respuesta"),
        "change": _("Cambiar su respuesta"),
        "resend_url": _url("sessions_app:invitation_resend") if resend else "",
        "resend": _("Reenviar"),
        "csrf_token": str(csrf_token),
    }


_VOTE = '<span class="badge text-bg-light border">{}</span>'


def answer_row(invitation: Invitation, labels: dict, options: dict) -> str:
    """One row: the institution with its vote, who attends or was convened and the details, the actions."""
    vote = format_html(" " + _VOTE, _("voto")) if invitation.has_vote else ""
    return format_html(
        '<li class="list-group-item d-flex justify-content-between align-items-start gap-2">'
        '<div><div>{}{}</div><div class="small text-muted">{}</div>{}</div>'
        '<div class="d-flex flex-wrap gap-1 justify-content-end">{}</div></li>',
        invitation.institution.name,
        vote,
        _details(invitation, labels),
        _comment(invitation, labels),
        _actions(invitation, options),
    )


@register.simple_tag(takes_context=True)
def answer_rows(context, invitations, *, empty: str, resend: bool = False) -> str:
    """The ``<ul>`` of one group of invitations, or the group's empty sentence.

    A group of a kept page holds its rows already written (``answer_row``, kept by the state of each
    invitation): they are put together as they are.
    """
    if not invitations:
        return format_html('<p class="text-muted small">{}</p>', empty)
    if isinstance(invitations[0], str):
        items = mark_safe("\n".join(invitations))  # noqa: S308 - rows written by answer_row
    else:
        labels = row_labels()
        options = row_options(
            can_record_answers=bool(context.get("can_record_answers")),
            resend=resend,
            csrf_token=context.get("csrf_token", ""),
        )
        items = mark_safe("\n".join(answer_row(invitation, labels, options) for invitation in invitations))  # noqa: S308
    return format_html('<ul class="list-group mb-2">\n{}\n</ul>', items)
