"""Webhooks: a council's events POSTed, signed with HMAC-SHA256, to a local receiver; retried on failure; logged."""

import datetime as dt
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import WebhookDelivery, WebhookEndpoint
from api.tasks import agreements_overdue_notify
from api.webhooks import webhook_create
from sessions_app.documents.publishing import document_publish
from sessions_app.models import Agreement, Session
from sessions_app.services import convocation, status
from sessions_app.services.agreements import agreement_create, agreement_set_status
from tests.sessions_app.factories import AgreementFactory, SessionFactory
from tests.worlds import PDF

pytestmark = pytest.mark.django_db


class Receiver:
    """A tiny HTTP server on 127.0.0.1 that keeps what it receives and answers the statuses it is told."""

    def __init__(self, statuses=()):
        self.received: list[dict] = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                answer = b'{"recibido": true}' if status < 300 else b"no disponible"
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/avisos"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_REQUIRE_HTTPS = False  # the local receiver speaks plain HTTP
    made = []

    def make(statuses=()):
        made.append(Receiver(statuses))
        return made[-1]

    yield make
    for server in made:
        server.close()


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300) -> bool:
    """What a receiver does (the README's few lines): recompute the HMAC of "t.body" and compare; refuse old ones."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - int(parts["t"])) <= tolerance


def _convene(session):
    session.status = Session.Status.CONVENED
    session.save()


def test_an_event_reaches_the_receiver_signed_and_is_logged(world, receiver, django_capture_on_commit_callbacks):
    server = receiver()
    endpoint, secret = webhook_create(
        council=world.council_x, url=server.url, events=["session.convened"], by=world.staff_x
    )
    session = SessionFactory(council=world.council_x, status=Session.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        _convene(session)
    assert len(server.received) == 1
    received = server.received[0]
    assert verify(secret, received["headers"]["X-Sesiones-Signature"], received["body"])
    assert not verify("otro-secreto", received["headers"]["X-Sesiones-Signature"], received["body"])
    assert not verify(secret, received["headers"]["X-Sesiones-Signature"], received["body"] + b" ")
    payload = json.loads(received["body"])
    assert payload["event"] == "session.convened" and received["headers"]["X-Sesiones-Event"] == "session.convened"
    assert payload["data"]["id"] == session.pk and payload["data"]["title"] == session.title
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)
    assert "recibido" in delivery.response_body


def test_a_failing_receiver_is_retried_until_it_answers(world, receiver, django_capture_on_commit_callbacks):
    server = receiver(statuses=[500, 503])
    endpoint, _secret = webhook_create(
        council=world.council_x, url=server.url, events=["session.cancelled"], by=world.staff_x
    )
    with django_capture_on_commit_callbacks(execute=True):
        world.session_x.status = Session.Status.CANCELLED
        world.session_x.save()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert len(server.received) == 3
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 3, 200)
    assert server.received[0]["body"] == server.received[2]["body"]  # the same event, signed anew each time


def test_a_receiver_that_never_answers_is_marked_failed(world, receiver, django_capture_on_commit_callbacks):
    server = receiver(statuses=[500] * 10)
    endpoint, _secret = webhook_create(
        council=world.council_x, url=server.url, events=["session.held"], by=world.staff_x
    )
    with django_capture_on_commit_callbacks(execute=True):
        world.session_x.status = Session.Status.HELD
        world.session_x.save()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 6, 500)


def test_unreachable_receiver_is_logged_with_its_error(world, receiver, django_capture_on_commit_callbacks):
    server = receiver()
    url = server.url
    server.close()
    endpoint, _secret = webhook_create(council=world.council_x, url=url, events=["session.held"], by=world.staff_x)
    with django_capture_on_commit_callbacks(execute=True):
        world.session_x.status = Session.Status.HELD
        world.session_x.save()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "failed" and "Error" in delivery.error


def test_each_council_hears_only_its_own_events(world, receiver, django_capture_on_commit_callbacks):
    x, y = receiver(), receiver()
    webhook_create(council=world.council_x, url=x.url, events=["session.cancelled"], by=world.staff_x)
    webhook_create(council=world.council_y, url=y.url, events=["session.held"], by=world.staff_y)
    with django_capture_on_commit_callbacks(execute=True):
        world.session_y.status = Session.Status.CANCELLED  # Y's endpoint does not listen to cancellations
        world.session_y.save()
    assert x.received == [] and y.received == []


def test_agreements_and_rescheduling_are_told(world, receiver, django_capture_on_commit_callbacks):
    server = receiver()
    events = ["agreement.created", "agreement.closed", "session.rescheduled"]
    webhook_create(council=world.council_x, url=server.url, events=events, by=world.staff_x)
    session = world.session_x
    session.starts_at = timezone.now() - dt.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        session.ends_at = session.starts_at + dt.timedelta(hours=2)
        session.save()
    with django_capture_on_commit_callbacks(execute=True):
        agreement = agreement_create(session=session, text="Se aprueba el programa.")
    with django_capture_on_commit_callbacks(execute=True):
        agreement_set_status(agreement=agreement, status=Agreement.Status.FULFILLED, reason="Listo", author=None)
    told = [json.loads(item["body"])["event"] for item in server.received]
    assert told == ["session.rescheduled", "agreement.created", "agreement.closed"]
    assert json.loads(server.received[1]["body"])["data"]["number"] == agreement.number


def test_overdue_agreements_are_told_the_day_after(world, receiver, django_capture_on_commit_callbacks):
    server = receiver()
    webhook_create(council=world.council_x, url=server.url, events=["agreement.overdue"], by=world.staff_x)
    late = AgreementFactory(session=world.session_x, due_date=timezone.localdate() - dt.timedelta(days=1))
    AgreementFactory(session=world.session_x, due_date=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        agreements_overdue_notify()
    assert [json.loads(item["body"])["data"]["id"] for item in server.received] == [late.pk]


def test_http_addresses_are_refused_unless_allowed(world):
    with pytest.raises(Exception, match="https"):
        webhook_create(council=world.council_x, url="http://ejemplo.gob.mx/", events=["session.held"], by=None)


# --- The staff's pages ---


def test_staff_register_an_address_and_see_its_secret_once(client, world):
    client.force_login(world.staff_x)
    url = reverse("webhooks:create", args=[world.council_x.pk])
    data = {"url": "https://transparencia.nl.gob.mx/avisos", "events": ["session.convened", "document.published"]}
    response = client.post(url, data)
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get(council=world.council_x)
    assert endpoint.events == ["document.published", "session.convened"]
    assert endpoint.secret in client.get(response["Location"]).content.decode()
    assert endpoint.secret not in client.get(response["Location"]).content.decode()


def test_rotating_the_secret_shows_the_new_one_once(client, world):
    endpoint, old = webhook_create(
        council=world.council_x, url="https://a.gob.mx/", events=["session.held"], by=world.staff_x
    )
    client.force_login(world.staff_x)
    url = reverse("webhooks:rotate", args=[world.council_x.pk, endpoint.pk])
    assert "Sí, cambiar el secreto" in client.get(url).content.decode()
    response = client.post(url)
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret_rotated_at is not None
    assert endpoint.secret in client.get(response["Location"]).content.decode()


def test_the_delivery_log_shows_the_answers(client, world):
    endpoint, _secret = webhook_create(
        council=world.council_x, url="https://a.gob.mx/", events=["session.held"], by=world.staff_x
    )
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="session.held",
        body="{}",
        status="failed",
        attempts=6,
        response_status=503,
        response_body="Servicio no disponible",
    )
    client.force_login(world.staff_x)
    page = client.get(reverse("webhooks:list", args=[world.council_x.pk])).content.decode()
    assert "503" in page and "Servicio no disponible" in page and endpoint.secret not in page


def test_other_councils_staff_see_nothing(client, world):
    endpoint, _secret = webhook_create(
        council=world.council_x, url="https://a.gob.mx/", events=["session.held"], by=world.staff_x
    )
    client.force_login(world.staff_y)
    assert client.get(reverse("webhooks:list", args=[world.council_x.pk])).status_code == 403
    assert client.post(reverse("webhooks:rotate", args=[world.council_x.pk, endpoint.pk])).status_code == 403
    client.force_login(world.staff_x)
    assert client.get(reverse("webhooks:rotate", args=[world.council_y.pk, endpoint.pk])).status_code == 403


def test_a_published_document_is_told_with_its_sha256(world, receiver, django_capture_on_commit_callbacks):
    server = receiver()
    webhook_create(council=world.council_x, url=server.url, events=["document.published"], by=world.staff_x)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_publish(
            session=world.session_x, kind="minutes", title="Acta", pdf=PDF, filename="acta.pdf", by=world.staff_x
        )
    data = json.loads(server.received[0]["body"])["data"]
    assert (data["id"], data["sha256"], data["kind"]) == (document.pk, document.sha256, "minutes")
    assert data["sha256"] == hashlib.sha256(PDF).hexdigest()


# --- The session's events as the real services send them (not a model saved by hand) ---


SESSION_EVENTS = ["session.convened", "session.rescheduled", "session.held", "session.cancelled"]


def _told(server) -> list[tuple[str, str]]:
    """The events a receiver got, each with the session's date it carried."""
    return [
        (payload["event"], payload["data"]["starts_at"])
        for payload in (json.loads(item["body"]) for item in server.received)
    ]


def _a_convened_session(world, capture):
    """A draft of council X convened through the convocation's service, as the «Convocar» button does."""
    june = timezone.make_aware(dt.datetime(timezone.localdate().year + 1, 6, 10, 10))  # new dates stay in its year
    session = SessionFactory(council=world.council_x, status=Session.Status.DRAFT, starts_at=june)
    with capture(execute=True):
        convocation.session_convene(session=session, by=world.staff_x)
    return session


@pytest.mark.parametrize("convene", [True, False], ids=["reprogramar y convocar", "reprogramar como borrador"])
def test_a_postponed_session_convened_again_on_a_new_date_is_told_rescheduled_once(
    world, receiver, django_capture_on_commit_callbacks, convene
):
    """Postponed, then given a new date and convened again (at once, or as a draft convened later): the
    receivers, who were told of the convocation, hear of the new date once, not of a second convocation."""
    server = receiver()
    webhook_create(council=world.council_x, url=server.url, events=SESSION_EVENTS, by=world.staff_x)
    session = _a_convened_session(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        status.session_postpone(session=session, reason="Coincide con el informe de gobierno.")
    new_date = session.starts_at + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        status.session_reschedule(
            session=session, starts_at=new_date, ends_at=new_date + dt.timedelta(hours=2), convene=convene
        )
    if not convene:
        with django_capture_on_commit_callbacks(execute=True):
            status.session_transition(session=session, to=Session.Status.CONVENED, by=world.staff_x)
    told = _told(server)
    assert [event for event, _date in told] == ["session.convened", "session.rescheduled"]
    assert dt.datetime.fromisoformat(told[1][1]) == new_date


def test_a_new_date_saved_on_the_edit_page_is_told_rescheduled(
    world, receiver, client, django_capture_on_commit_callbacks
):
    server = receiver()
    webhook_create(council=world.council_x, url=server.url, events=SESSION_EVENTS, by=world.staff_x)
    session = _a_convened_session(world, django_capture_on_commit_callbacks)
    new_date = timezone.localtime(session.starts_at + dt.timedelta(days=1))
    client.force_login(world.staff_x)
    url = reverse("sessions_app:update", args=[session.pk])
    page = client.get(url)
    data = {**page.context["form"].initial}
    data.update(date=new_date.date().isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {key: value for key, value in data.items() if value is not None})
    assert response.status_code == 302, response.context["form"].errors
    told = _told(server)
    assert [event for event, _date in told] == ["session.convened", "session.rescheduled"]
    assert dt.datetime.fromisoformat(told[1][1]) == new_date


def test_held_and_cancelled_are_told_by_the_status_services(world, receiver, django_capture_on_commit_callbacks):
    server = receiver()
    webhook_create(council=world.council_x, url=server.url, events=SESSION_EVENTS, by=world.staff_x)
    today = SessionFactory(council=world.council_x, starts_at=timezone.now() - dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        status.session_mark_held(session=today)
    with django_capture_on_commit_callbacks(execute=True):
        status.session_cancel(session=world.session_x, reason="Sin quórum posible.")
    told = [json.loads(item["body"]) for item in server.received]
    assert [(payload["event"], payload["data"]["id"]) for payload in told] == [
        ("session.held", today.pk),
        ("session.cancelled", world.session_x.pk),
    ]
    assert told[1]["data"]["status"] == "cancelled"
