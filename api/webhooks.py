"""Webhooks: a council's systems are told of its events by a signed POST.

The body is JSON; the header ``X-Sesiones-Signature: t=<unix time>,v1=<hex>``
carries the HMAC-SHA256, with the endpoint's secret, of ``"<t>.<body>"``. A
receiver recomputes it and refuses old timestamps, so a body can be neither
forged nor replayed. Each delivery is logged with each attempt's answer.
"""

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import WebhookDelivery, WebhookEndpoint
from council.models import Council

SIGNATURE_HEADER = "X-Sesiones-Signature"
TIMEOUT_SECONDS = 10
RESPONSE_KEPT = 2000  # characters of a receiver's answer kept in the log


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The header's value: ``t=<timestamp>,v1=<HMAC-SHA256 of "<timestamp>.<body>">``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https" and settings.WEBHOOK_REQUIRE_HTTPS:
        raise ValidationError({"url": _("La dirección debe ser https://.")}, code="https_required")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError({"url": _("Escriba una dirección completa, https://…")}, code="invalid_url")


@transaction.atomic
def webhook_create(*, council: Council, url: str, events: list[str], by) -> tuple[WebhookEndpoint, str]:
    """A new endpoint of the council; returns it and its secret, which is shown once."""
    _check_url(url)
    unknown = set(events) - set(WebhookEndpoint.Event.values)
    if not events or unknown:
        raise ValidationError({"events": _("Elija al menos un evento de la lista.")}, code="events")
    endpoint = WebhookEndpoint(
        council=council, url=url, events=sorted(set(events)), secret=secrets.token_hex(32), created_by=by
    )
    endpoint.full_clean()
    endpoint.save()
    return endpoint, endpoint.secret


@transaction.atomic
def webhook_rotate_secret(*, endpoint: WebhookEndpoint) -> tuple[WebhookEndpoint, str]:
    """A new secret: the old one stops signing at once; the new one is shown once."""
    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    locked.secret = secrets.token_hex(32)
    locked.secret_rotated_at = timezone.now()
    locked.save(update_fields=["secret", "secret_rotated_at"])
    return locked, locked.secret


@transaction.atomic
def webhook_set_active(*, endpoint: WebhookEndpoint, active: bool) -> WebhookEndpoint:
    """Pause or resume an endpoint (its log stays)."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=active)
    endpoint.is_active = active
    return endpoint


def deliveries_create(
    *, event: str, data: dict, council_id: int | None = None, session_id: int | None = None
) -> list[int]:
    """One pending delivery per active endpoint that listens to ``event`` of the council (given, or the session's);
    their ids. One query when nobody listens."""
    endpoints = WebhookEndpoint.objects.filter(is_active=True)
    if council_id is not None:
        endpoints = endpoints.filter(council_id=council_id)
    else:
        endpoints = endpoints.filter(council__sessions=session_id)
    endpoints = [endpoint for endpoint in endpoints if event in endpoint.events]
    if not endpoints:
        return []
    payload = {
        "event": event,
        "created_at": timezone.now().isoformat(),
        "council_id": endpoints[0].council_id,
        "data": data,
    }
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
    return [WebhookDelivery.objects.create(endpoint=endpoint, event=event, body=body).pk for endpoint in endpoints]


def delivery_attempt(*, delivery_id: int, final: bool) -> bool:
    """POST the delivery's signed body once and log the answer; True when the receiver answered 2xx.

    ``final`` marks a failed last attempt as failed (otherwise it stays pending for the next one).
    """
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    if delivery.status == WebhookDelivery.Status.DELIVERED:
        return True
    body = delivery.body.encode()
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 - the staff's https endpoint (http only where settings allow)
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Sesiones-Webhooks/1",
            "X-Sesiones-Event": delivery.event,
            "X-Sesiones-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: signature(secret=delivery.endpoint.secret, timestamp=timestamp, body=body),
        },
    )
    status, answer, error = None, "", ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            status, answer = response.status, response.read(RESPONSE_KEPT).decode(errors="replace")
    except urllib.error.HTTPError as refused:
        status, answer = refused.code, refused.read(RESPONSE_KEPT).decode(errors="replace")
    except (urllib.error.URLError, OSError, ValueError) as failure:
        error = f"{type(failure).__name__}: {failure}"
    ok = status is not None and 200 <= status < 300
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.response_status, delivery.response_body, delivery.error = status, answer, error
    if ok:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, delivery.last_attempt_at
    elif final:
        delivery.status = WebhookDelivery.Status.FAILED
    delivery.save()
    return ok
