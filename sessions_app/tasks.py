"""Background work of sessions: convocation e-mails and reminders, through Celery.

With REDIS_URL set they run in the worker; without it (the embedded default)
Celery runs them inline. Services that queue work call the ``*_enqueue``
functions at the end of this module; the tasks call the worker's services
(``services.invitations``, ``services.reminders``), which queue nothing.
"""

from smtplib import SMTPException

from celery import Task, shared_task
from django.conf import settings
from django.db import OperationalError, transaction

from sessions_app.documents import prerender
from sessions_app.emails import DeliveryImpossible, Purpose
from sessions_app.models import Invitation
from sessions_app.services import invitations, reminders

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
    invitation_ids = invitations.convocation_prepare(session_id=session_id, by_id=user_id)
    for invitation_id in invitation_ids:
        invitation_send.delay(invitation_id, Purpose.CONVOCATION)
    if settings.DOCUMENTS_PRERENDER:
        documents_prerender.delay(session_id)
    return len(invitation_ids)


@shared_task(ignore_result=True)
def documents_prerender(session_id: int) -> list[str]:
    """Build a convened session's convocatoria and orden del día ahead, so that nobody waits for them."""
    return prerender.session_documents_prerender(session_id=session_id)


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
        invitations.invitation_deliver(invitation_id=invitation_id, purpose=purpose)
    except Invitation.DoesNotExist:
        return "withdrawn"
    except DeliveryImpossible as exc:
        invitations.invitation_mark_failure(invitation_id=invitation_id, purpose=purpose, error=str(exc), final=True)
        return "failed"
    except DELIVERY_ERRORS as exc:
        final = self.request.retries >= self.max_retries
        error = f"{type(exc).__name__}: {exc}"
        invitations.invitation_mark_failure(invitation_id=invitation_id, purpose=purpose, error=error, final=final)
        if final:
            return "failed"
        raise  # autoretry_for schedules the next attempt with exponential backoff
    except Exception as exc:
        # Anything else is a bug no retry mends; left "En cola" the invitation would never be listed as not reached.
        error = f"{type(exc).__name__}: {exc}"
        invitations.invitation_mark_failure(invitation_id=invitation_id, purpose=purpose, error=error, final=True)
        raise
    return "sent"


@shared_task(ignore_result=True)
def reminders_send() -> int:
    """The daily reminders (Celery beat); the same as ``manage.py send_reminders``."""
    return len(reminders_queue())


@transaction.atomic
def reminders_queue(*, now=None) -> list[int]:
    """Mark the invitations due a reminder and queue their e-mails in the same transaction; returns their ids."""
    ids = reminders.reminders_mark_due(now=now)
    invitations_enqueue(invitation_ids=ids, purpose=Purpose.REMINDER)
    return ids


@transaction.atomic
def reminders_queue_for_session(*, session, now=None) -> list[int]:
    """«Enviar recordatorio» from the Confirmaciones page: the session's unanswered, at once."""
    ids = reminders.reminders_mark_now(session=session, now=now)
    invitations_enqueue(invitation_ids=ids, purpose=Purpose.REMINDER)
    return ids


def convocation_enqueue(*, session_id: int, by_id: int | None) -> None:
    """Queue the worker's half of convening (``convocation_prepare``) once the session is committed convened."""
    robust = not convocation_prepare.app.conf.task_always_eager
    transaction.on_commit(lambda: convocation_prepare.delay(session_id, by_id), robust=robust)


def invitations_enqueue(*, invitation_ids: list[int], purpose: str) -> None:
    """Queue the e-mails once the rows are committed: one task that fans out one task per invitation."""
    if not invitation_ids:
        return
    ids = list(invitation_ids)
    # With a broker, an outage must not turn a committed convocation into an error page: the
    # invitations stay "En cola" and the staff can send them again. Inline (no broker), a
    # failure to send is already handled by the task, so anything raised is a bug: let it show.
    robust = not invitations_dispatch.app.conf.task_always_eager
    transaction.on_commit(lambda: invitations_dispatch.delay(ids, str(purpose)), robust=robust)
