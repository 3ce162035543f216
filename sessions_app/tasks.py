"""Background work of sessions: convocation e-mails and reminders, through Celery.

With REDIS_URL set they run in the worker; without it (the embedded default)
Celery runs them inline.
"""

from smtplib import SMTPException

from celery import Task, shared_task
from django.db import OperationalError

from sessions_app.emails import DeliveryImpossible, Purpose
from sessions_app.models import Invitation
from sessions_app.services import convocation, reminders

# Worth retrying: the mail server refused or could not be reached (ConnectionError and timeouts are OSError).
DELIVERY_ERRORS = (SMTPException, OSError)


class InlineRetryTask(Task):
    """A task whose retries, when run inline (no broker), stay inline instead of escaping to the caller.

    Celery propagates eager errors (task_eager_propagates), and that includes
    the Retry signal, which would turn one unreachable address into an error
    page for the staff member who convened. Failures are recorded (on the
    invitation) instead, exactly as in the worker.
    """

    def apply(self, args=None, kwargs=None, *rest, throw=None, **options):
        return super().apply(args, kwargs, *rest, throw=False if throw is None else throw, **options)


@shared_task(
    bind=True,
    base=InlineRetryTask,
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    max_retries=5,
)
def convocation_prepare(self, session_id: int, user_id: int | None = None) -> int:
    """Write a convened session's invitations, then queue one e-mail per invitation."""
    invitation_ids = convocation.convocation_prepare(session_id=session_id, by_id=user_id)
    for invitation_id in invitation_ids:
        invitation_send.delay(invitation_id, Purpose.CONVOCATION)
    return len(invitation_ids)


@shared_task(ignore_result=True)
def invitations_dispatch(invitation_ids: list[int], purpose: str) -> int:
    """Fan out: one task per invitation, so each is retried (and fails) on its own."""
    for invitation_id in invitation_ids:
        invitation_send.delay(invitation_id, purpose)
    return len(invitation_ids)


@shared_task(
    bind=True,
    base=InlineRetryTask,
    ignore_result=True,
    acks_late=True,
    autoretry_for=DELIVERY_ERRORS,
    retry_backoff=60,  # 1, 2, 4, 8, 16 minutes (with jitter), capped below
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=5,
)
def invitation_send(self, invitation_id: int, purpose: str) -> str:
    """E-mail one invitation; each failure is written on it, the last one marks it as not reached."""
    try:
        convocation.invitation_deliver(invitation_id=invitation_id, purpose=purpose)
    except Invitation.DoesNotExist:
        return "withdrawn"
    except DeliveryImpossible as exc:
        convocation.invitation_mark_failure(invitation_id=invitation_id, purpose=purpose, error=str(exc), final=True)
        return "failed"
    except DELIVERY_ERRORS as exc:
        final = self.request.retries >= self.max_retries
        error = f"{type(exc).__name__}: {exc}"
        convocation.invitation_mark_failure(invitation_id=invitation_id, purpose=purpose, error=error, final=final)
        if final:
            return "failed"
        raise  # autoretry_for schedules the next attempt with exponential backoff
    return "sent"


@shared_task(ignore_result=True)
def reminders_send() -> int:
    """The daily reminders (Celery beat); the same as ``manage.py send_reminders``."""
    return len(reminders.reminders_send())
