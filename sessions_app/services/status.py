"""The status machine of a session: draft → convened → held → closed, or cancelled / postponed with a reason.

Every move goes through ``session_transition``, which refuses an illegal move
with a Spanish message and a code. The named functions below are the moves
other parts of the application call (``session_close`` when an acta is
approved…). Convening itself is the convocation's (invitations and e-mails):
the move draft → convened is delegated to ``convocation.session_convene``, and
the institutions already convened are told of a cancellation or a new date.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import versions, wording
from sessions_app import tasks
from sessions_app.emails import Purpose
from sessions_app.models import Invitation, Minutes, Session
from sessions_app.selectors.convocation import pending_seats
from sessions_app.services import convocation, numbering
from sessions_app.services.sessions import session_apply_dates, session_validate_logistics

Status = Session.Status

TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.CONVENED, Status.POSTPONED, Status.CANCELLED),
    Status.CONVENED: (Status.HELD, Status.POSTPONED, Status.CANCELLED),
    Status.HELD: (Status.CLOSED,),
    Status.CLOSED: (),
    Status.CANCELLED: (),
    Status.POSTPONED: (Status.DRAFT, Status.CONVENED, Status.CANCELLED),
}
# Moves that must say why: the reason is kept on the session and in its history.
NEEDS_REASON = (Status.CANCELLED, Status.POSTPONED)


@dataclass(frozen=True)
class Action:
    """A button on the session page: one legal move, what it is called and what it asks for."""

    slug: str
    target: str
    label: str
    confirm: str
    icon: str
    style: str
    needs_reason: bool = False
    needs_date: bool = False


ACTIONS = {
    action.slug: action
    for action in (
        Action("convene", Status.CONVENED, _("Convocar"), _("Sí, convocar"), "bi-send", "btn-guinda"),
        Action(
            "hold",
            Status.HELD,
            _("Marcar como celebrada"),
            _("Sí, marcar como celebrada"),
            "bi-check2-circle",
            "btn-outline-success",
        ),
        Action(
            "close",
            Status.CLOSED,
            _("Concluir (acta aprobada)"),
            _("Sí, concluir la sesión"),
            "bi-archive",
            "btn-outline-secondary",
        ),
        Action(
            "postpone",
            Status.POSTPONED,
            _("Posponer"),
            _("Sí, posponer la sesión"),
            "bi-clock-history",
            "btn-outline-warning",
            needs_reason=True,
        ),
        Action(
            "cancel",
            Status.CANCELLED,
            _("Cancelar la sesión"),
            _("Sí, cancelar la sesión"),
            "bi-x-circle",
            "btn-outline-danger",
            needs_reason=True,
        ),
        Action(
            "redraft",
            Status.DRAFT,
            _("Reprogramar como borrador"),
            _("Reprogramar"),
            "bi-calendar-plus",
            "btn-outline-secondary",
            needs_date=True,
        ),
        Action(
            "reconvene",
            Status.CONVENED,
            _("Reprogramar y convocar"),
            _("Reprogramar y convocar"),
            "bi-calendar-check",
            "btn-guinda",
            needs_date=True,
        ),
    )
}


def action_for(*, session: Session, slug: str) -> Action | None:
    """The action called ``slug`` if it is a move this session may make now, else None."""
    action = ACTIONS.get(slug)
    if action is None or action.target not in TRANSITIONS[session.status]:
        return None
    leaving_postponement = session.status == Status.POSTPONED and action.target != Status.CANCELLED
    if action.needs_date != leaving_postponement:
        return None
    return action


def available_actions(session: Session) -> list[Action]:
    """The legal moves of the session, in the order the page shows them."""
    actions = [action for slug in ACTIONS if (action := action_for(session=session, slug=slug))]
    if session.status == Status.DRAFT and not session.accepts_invitations:
        # A draft whose date has passed is not convened (``convocation.session_convene`` refuses it).
        actions = [action for action in actions if action.slug != "convene"]
    if session.status == Status.CONVENED and not session.can_be_marked_held:
        actions = [action for action in actions if action.target != Status.HELD]
    if session.status == Status.HELD and not _minutes_approved(session):
        # Approving the acta at a later session concludes this one; there is nothing to press before.
        actions = [action for action in actions if action.target != Status.CLOSED]
    return actions


def transition_check(*, session: Session, to: str) -> None:
    """Refuse a move the status machine does not allow, saying from where to where."""
    if to not in TRANSITIONS.get(session.status, ()):
        raise ValidationError(
            _("Una sesión «%(current)s» no puede pasar a «%(target)s»."),
            code="illegal_transition",
            params={"current": Status(session.status).label, "target": Status(to).label if to in Status else to},
        )


@transaction.atomic
def session_transition(
    *,
    session: Session,
    to: str,
    reason: str = "",
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    by=None,
) -> Session:
    """Move a session to another status, or refuse with a message.

    Cancelling and postponing need a reason. Leaving a postponement (back to
    draft or convened) needs a new date in the future; going straight back to
    convened needs the session to have been convened before. Marking a session
    as held needs its day to have come. Moves that change what a delegate's
    calendar shows (cancel, postpone, a new date) raise the event's SEQUENCE.

    E-mails: convening sends the convocatoria (``convocation.session_convene``);
    a cancellation, a postponement and the new date after it reach everyone
    already convened, each with an .ics that updates their calendar.
    """
    numbering.lock_council(session.council_id)  # before the session's row, as every renumbering does
    locked = (
        Session.objects.select_for_update(of=("self",)).select_related("council", "working_group").get(pk=session.pk)
    )
    transition_check(session=locked, to=to)
    reason = (reason or "").strip()
    if to in NEEDS_REASON and not reason:
        raise ValidationError(
            _("Indique el motivo para %(action)s la sesión."),
            code="reason_required",
            params={"action": _("cancelar") if to == Status.CANCELLED else _("posponer")},
        )
    if to == Status.HELD and not locked.can_be_marked_held:
        if timezone.localdate() < timezone.localtime(locked.starts_at).date():
            raise ValidationError(
                _("Aún no es el día de la sesión: se marca como celebrada a partir del %(date)s."),
                code="not_started",
                params={"date": wording.long_date(locked.starts_at, "datetime")},
            )
        raise ValidationError(
            _("La sesión aún no empieza: se marca como celebrada a partir de las %(time)s."),
            code="not_started",
            params={"time": wording.clock_time(locked.starts_at)},
        )
    if to == Status.HELD and not locked.has_ended:
        # Marked held before its scheduled end: it ended now (the history keeps the end it was scheduled for).
        locked.ends_at = timezone.now()
    if to == Status.CLOSED and not _minutes_approved(locked):
        raise ValidationError(
            _("La sesión se concluye cuando su acta está aprobada: apruébela en una sesión posterior."),
            code="minutes_not_approved",
        )
    if locked.status == Status.DRAFT and to == Status.CONVENED:
        return _convene(locked, by=by)
    leaving_postponement = locked.status == Status.POSTPONED and to != Status.CANCELLED
    if leaving_postponement and to == Status.CONVENED and not _reached(locked):
        raise ValidationError(
            _("Esta sesión no llegó a convocarse: reprográmela como borrador y convóquela después."),
            code="never_convened",
        )
    locked.status = to
    if to in NEEDS_REASON:
        locked.status_reason = reason
        locked.sequence += 1
    if leaving_postponement:
        _reschedule(locked, starts_at=starts_at, ends_at=ends_at)
        locked.status_reason = ""
        locked.sequence += 1
    locked.full_clean()
    locked.save()
    if to == Status.CANCELLED:
        # A cancelled session is out of the count: the drafts after it take its place (``services.numbering``).
        numbering.series_renumber(locked)
        convocation.session_notify_cancel(session=locked)
    elif to == Status.POSTPONED:
        convocation.session_notify_postpone(session=locked)
    elif leaving_postponement and to == Status.CONVENED:
        convocation.session_notify_change(session=locked)
    return locked


def _minutes_approved(session: Session) -> bool:
    """Whether the session's acta has been approved (a session without one cannot be concluded)."""
    return Minutes.objects.filter(session=session, status=Minutes.Status.APPROVED).exists()


def _reached(session: Session) -> list[int]:
    """The invitations of the session whose convocation was sent (or is on its way)."""
    return list(session.invitations.exclude(delivery=Invitation.Delivery.NOT_SENT).values_list("pk", flat=True))


def _convene(session: Session, *, by) -> Session:
    """Draft → convened through the convocation; those convened before a postponement get the new data."""
    reached = _reached(session)
    pending = (
        pending_seats(session=session).exists()
        or session.invitations.filter(delivery=Invitation.Delivery.NOT_SENT).exists()
    )
    if reached and not pending:
        # Everyone was convened before the postponement: the new data, not a second convocatoria.
        session.status = Status.CONVENED
        session.full_clean()
        session.save()
    else:
        convocation.session_convene(session=session, by=by)
    if reached:
        Invitation.objects.filter(pk__in=reached).update(delivery=Invitation.Delivery.QUEUED, delivery_error="")
        versions.attendance_changed(session.council_id, session.pk)  # an update sends no signal
        tasks.invitations_enqueue(invitation_ids=reached, purpose=Purpose.UPDATE)
    session.refresh_from_db()
    return session


def _reschedule(session: Session, *, starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is None or ends_at is None:
        raise ValidationError(_("Indique la nueva fecha y horario de la sesión."), code="new_date_required")
    if starts_at <= timezone.now():
        raise ValidationError(_("La nueva fecha debe ser futura."), code="date_in_past")
    if starts_at == session.starts_at:
        raise ValidationError(
            _("La sesión se pospuso: la nueva fecha debe ser distinta de la original."), code="same_date"
        )
    session_apply_dates(session, starts_at=starts_at, ends_at=ends_at)
    session_validate_logistics(session)


def session_mark_held(*, session: Session) -> Session:
    return session_transition(session=session, to=Status.HELD)


def session_close(*, session: Session) -> Session:
    """Held → closed, once its acta is approved."""
    return session_transition(session=session, to=Status.CLOSED)


def session_cancel(*, session: Session, reason: str) -> Session:
    return session_transition(session=session, to=Status.CANCELLED, reason=reason)


def session_postpone(*, session: Session, reason: str) -> Session:
    return session_transition(session=session, to=Status.POSTPONED, reason=reason)


def session_reschedule(*, session: Session, starts_at: datetime, ends_at: datetime, convene: bool) -> Session:
    """Postponed → draft (or convened again) on a new date."""
    to = Status.CONVENED if convene else Status.DRAFT
    return session_transition(session=session, to=to, starts_at=starts_at, ends_at=ends_at)
