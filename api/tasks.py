"""Background work of the API: webhook deliveries (retried with backoff) and the daily overdue agreements."""

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from api import webhooks
from api.models import WebhookEndpoint
from sessions_app.models import Agreement
from sessions_app.tasks import InlineRetryTask


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx: worth another attempt."""


@shared_task(
    bind=True,
    base=InlineRetryTask,
    ignore_result=True,
    autoretry_for=(DeliveryFailed,),
    retry_backoff=30,  # 30 s, 1, 2, 4, 8 minutes (with jitter)
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=5,
)
def webhook_deliver(self, delivery_id: int) -> str:
    """One attempt at a delivery; a refusal or an unreachable receiver is retried, the last one marked failed."""
    final = self.request.retries >= self.max_retries
    if webhooks.delivery_attempt(delivery_id=delivery_id, final=final):
        return "delivered"
    if final:
        return "failed"
    raise DeliveryFailed(delivery_id)


def webhooks_enqueue(*, event: str, data: dict, council_id: int | None = None, session_id: int | None = None) -> None:
    """Once the change is committed: log a delivery for each endpoint that listens (of the council, or of the
    session's council), and send each in a task."""

    def send():
        deliveries = webhooks.deliveries_create(event=event, data=data, council_id=council_id, session_id=session_id)
        for delivery_id in deliveries:
            webhook_deliver.delay(delivery_id)

    transaction.on_commit(send, robust=not webhook_deliver.app.conf.task_always_eager)


@shared_task(ignore_result=True)
def agreements_overdue_notify() -> int:
    """Daily (Celery beat): ``agreement.overdue`` for the open agreements whose due date was yesterday."""
    yesterday = timezone.localdate() - timedelta(days=1)
    agreements = list(Agreement.objects.filter(status__in=Agreement.OPEN_STATUSES, due_date=yesterday))
    for agreement in agreements:
        webhooks_enqueue(
            session_id=agreement.session_id,
            event=WebhookEndpoint.Event.AGREEMENT_OVERDUE,
            data=agreement_data(agreement),
        )
    return len(agreements)


def agreement_data(agreement: Agreement) -> dict:
    return {
        "id": agreement.pk,
        "number": agreement.number,
        "session_id": agreement.session_id,
        "status": agreement.status,
        "due_date": agreement.due_date,
    }
