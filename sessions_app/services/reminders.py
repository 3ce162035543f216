"""Reminding those who have not answered, a council-set number of days before the session."""

import datetime as dt

from django.utils import timezone

from sessions_app.models import Invitation, Session


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
    return ids
