"""Reminding those who have not answered: daily, a council-set number of days before the session, or on demand."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import versions
from core.wording import clock_time, long_date
from sessions_app.models import Invitation, Session

# Invitations reached by their convocation that still have no answer.
_UNANSWERED = Q(answer=Invitation.Answer.PENDING, delivery=Invitation.Delivery.SENT)


def _unanswered(session_ids):
    return Invitation.objects.filter(_UNANSWERED, session_id__in=session_ids)


@dataclass(frozen=True)
class ReminderState:
    """Whether the staff may send a reminder now, to how many, and if not, why and from when."""

    unanswered: int
    last_sent: dt.datetime | None
    next_allowed: dt.datetime | None
    open: bool  # the session still takes answers and has not started

    @property
    def available(self) -> bool:
        return self.open and self.unanswered > 0 and self.next_allowed is None


def _is_unanswered(row) -> bool:
    """``_UNANSWERED`` on an invitation already read (or its row state)."""
    return row.answer == Invitation.Answer.PENDING and row.delivery == Invitation.Delivery.SENT


def reminder_state(*, session: Session, now: dt.datetime | None = None, rows: list | None = None) -> ReminderState:
    """What the page offers and ``reminders_mark_now`` enforces: one rule. One light query, or none from the
    session's invitations already read (``rows``: each with its answer, delivery and reminder)."""
    now = now or timezone.now()
    is_open = session.accepts_answers and not session.has_started
    if rows is None:
        read = session.invitations.aggregate(last=Max("reminded_at"), unanswered=Count("pk", filter=_UNANSWERED))
    else:
        reminded = [row.reminded_at for row in rows if row.reminded_at is not None]
        read = {"last": max(reminded, default=None), "unanswered": sum(1 for row in rows if _is_unanswered(row))}
    last = read["last"]
    interval = dt.timedelta(hours=settings.REMINDER_MIN_INTERVAL_HOURS)
    next_allowed = last + interval if last is not None and last + interval > now else None
    return ReminderState(
        unanswered=read["unanswered"] if is_open else 0,
        last_sent=last,
        next_allowed=next_allowed,
        open=is_open,
    )


def reminders_mark_now(*, session: Session, now: dt.datetime | None = None) -> list[int]:
    """Mark for a reminder every reached invitation of the session without an answer; return their ids.

    Refused while the session does not take answers or has started, when nobody is left to remind,
    and within ``REMINDER_MIN_INTERVAL_HOURS`` of the last reminder (daily or on demand), so that a
    double click or two staff at once send one reminder, not two. Call it inside the transaction that
    queues the e-mails (``tasks.reminders_queue_for_session``).
    """
    now = now or timezone.now()
    locked = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
    state = reminder_state(session=locked, now=now)
    if not state.open:
        raise ValidationError(
            _("Solo se envían recordatorios de una sesión convocada que aún no empieza."), code="not_open"
        )
    if state.next_allowed is not None:
        raise ValidationError(
            _("Ya se envió un recordatorio hace poco; el siguiente puede enviarse desde el %(date)s a las %(time)s."),
            code="too_soon",
            params={"date": long_date(state.next_allowed), "time": clock_time(state.next_allowed)},
        )
    ids = list(_unanswered([locked.pk]).order_by("pk").values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("Nadie tiene pendiente su respuesta: no hay a quién recordar."), code="nobody_pending")
    Invitation.objects.filter(pk__in=ids).update(reminded_at=now)
    versions.attendance_changed(locked.council_id, locked.pk)  # an update sends no signal
    return ids


def reminders_mark_due(*, now: dt.datetime | None = None) -> list[int]:
    """Mark each unanswered, reached invitation whose session is within its council's window; return their ids.

    Call it inside the transaction that queues the reminders
    (``tasks.reminders_queue``): only unmarked invitations are picked, so
    running it twice — or on two machines at once (rows are locked, locked
    ones skipped) — reminds nobody twice.
    """
    now = now or timezone.now()
    sessions = Session.objects.filter(status=Session.Status.CONVENED, starts_at__gt=now).select_related("council")
    # Sessions are few; the window is per council, so compare in Python rather than in SQL date arithmetic.
    due = [s.pk for s in sessions if s.starts_at <= now + dt.timedelta(days=s.council.reminder_days)]
    if not due:
        return []
    invitations = (
        Invitation.objects.select_for_update(skip_locked=True)
        .filter(
            session_id__in=due,
            answer=Invitation.Answer.PENDING,
            reminded_at__isnull=True,
            delivery=Invitation.Delivery.SENT,
        )
        .order_by("pk")
    )
    ids = list(invitations.values_list("pk", flat=True))
    Invitation.objects.filter(pk__in=ids).update(reminded_at=now)
    for session in sessions:
        if session.pk in due:
            versions.attendance_changed(session.council_id, session.pk)  # an update sends no signal
    return ids
