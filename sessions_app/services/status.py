"""The status machine of a session: draft → convened → held → closed, or cancelled / postponed with a reason.

Every move goes through ``session_transition``, which refuses an illegal move
with a Spanish message and a code. The named functions below are the moves
other parts of the application call (``session_close`` when an acta is
approved, ``session_convene`` from the convocation…).
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions_app.models import Session
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
    if session.status == Status.CONVENED and session.starts_at > timezone.now():
        actions = [action for action in actions if action.target != Status.HELD]
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
) -> Session:
    """Move a session to another status, or refuse with a message.

    Cancelling and postponing need a reason. Leaving a postponement (back to
    draft or convened) needs a new date in the future. Marking a session as
    held needs it to have started. Moves that change what a delegate's
    calendar shows (cancel, postpone, a new date) raise the event's SEQUENCE.
    """
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
    if to == Status.HELD and locked.starts_at > timezone.now():
        raise ValidationError(
            _("La sesión aún no empieza: se marca como celebrada a partir del %(date)s."),
            code="not_started",
            params={"date": timezone.localtime(locked.starts_at).strftime("%d/%m/%Y %H:%M")},
        )
    leaving_postponement = locked.status == Status.POSTPONED and to != Status.CANCELLED
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
    return locked


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


def session_convene(*, session: Session) -> Session:
    """Draft → convened. Sending the convocatoria itself is the convocation service's job."""
    return session_transition(session=session, to=Status.CONVENED)


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
