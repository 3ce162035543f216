"""Reminding those who have not answered, a council-set number of days before the session."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sessions_app.emails import Purpose
from sessions_app.models import Invitation, Session
from sessions_app.services.convocation import invitations_enqueue


@transaction.atomic
def reminders_send(*, now: dt.datetime | None = None) -> list[int]:
    """Queue one reminder per unanswered, reached invitation whose session is within its council's window.

    Each invitation is marked (``reminded_at``) in the same transaction that
    queues its reminder, and only unmarked ones are picked, so running this
    twice — or on two machines at once (rows are locked, locked ones
    skipped) — sends nothing twice. Returns the ids of the invitations reminded.
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
    invitations_enqueue(invitation_ids=ids, purpose=Purpose.REMINDER)
    return ids
