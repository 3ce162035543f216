"""Convening through a real Celery worker process on the local Redis: the e-mails are delivered.

The worker is a separate process: it sees only committed data, so the test
commits (transactional test) on PostgreSQL and points the worker at the same
test database; it writes e-mails to a directory the test then reads. Redis
may be shared with other runs, so this run gets its own queue.
"""

import os
import time
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from icalendar import Calendar

from config.celery import app as celery_app
from council.models import SeatAlternate
from sessions_app.models import Invitation, Session
from sessions_app.services.sessions import agenda_apply_template
from tests.council.factories import CouncilFactory, SeatFactory
from tests.members.factories import PersonFactory, UserFactory
from tests.processes import (
    database_url,
    delivered,
    environment,
    forget_redis_keys,
    redis_unreachable,
    start_worker,
    stop,
)
from tests.sessions_app.factories import SessionFactory

REDIS_URL = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def worker(tmp_path):
    """A `celery -A config worker` process on this run's queue, with the test's database and a mail directory."""
    if connection.vendor != "postgresql":
        pytest.skip("La base de datos es SQLite: un proceso worker no ve la base de pruebas (CI usa PostgreSQL).")
    reason = redis_unreachable(REDIS_URL)
    if reason:
        pytest.skip(reason)
    queue = f"sesiones-prueba-{uuid.uuid4().hex[:10]}"
    mail_dir = tmp_path / "correo"
    mail_dir.mkdir()
    env = environment(
        DATABASE_URL=database_url(),
        REDIS_URL=REDIS_URL,
        CELERY_QUEUE=queue,
        EMAIL_URL=f"filemail:///{mail_dir}",
        SITE_URL="https://sesiones.example.gob.mx",
        LOG_FORMAT="plain",
    )
    log = tmp_path / "worker.log"
    process = start_worker(queue=queue, env=env, log=log)
    # This process publishes to the same broker and queue instead of running tasks inline.
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    celery_app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=queue)
    celery_app._pool = None  # forget any connection pool made for the previous broker
    celery_app.amqp._producer_pool = None
    try:
        yield type("Worker", (), {"process": process, "mail_dir": mail_dir, "log": log})
    finally:
        celery_app.conf.update(saved)
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        stop(process)
        forget_redis_keys(REDIS_URL, queue=queue)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_convening_through_a_real_worker_delivers_the_emails(client, worker):
    """The request queues; the worker (another process, via Redis) writes the invitations and sends each e-mail."""
    council = CouncilFactory(name="Consejo del Trabajador Real", short_name="CTR")
    seats = [SeatFactory(council=council, institution__name=f"Institución Real {n}") for n in range(3)]
    alternate = PersonFactory(institution=seats[0].institution)
    SeatAlternate.objects.create(seat=seats[0], person=alternate)
    session = SessionFactory(council=council, status=Session.Status.DRAFT)
    agenda_apply_template(session=session)
    staff = UserFactory(username="secretaria_real")
    council.staff.add(staff)
    client.force_login(staff)

    started = time.monotonic()
    response = client.post(reverse("sessions_app:convene", args=[session.pk]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CONVENED

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(f"El worker terminó (código {worker.process.returncode}):\n{worker.log.read_text()}")
        deliveries = list(session.invitations.values_list("delivery", flat=True))
        if len(deliveries) == 3 and set(deliveries) == {Invitation.Delivery.SENT}:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"El worker no envió las convocatorias en 120 s:\n{worker.log.read_text()[-4000:]}")

    messages = delivered(worker.mail_dir)
    assert len(messages) == 3, worker.log.read_text()[-4000:]
    by_recipient = {m["To"]: m for m in messages}
    assert set(by_recipient) == {seat.principal.email for seat in seats}
    first = by_recipient[seats[0].principal.email]
    assert first["Cc"] == alternate.email
    assert first["Subject"].strip() == f"Convocatoria: {session.title} — CTR"
    body = first.get_body(preferencelist=("plain",)).get_content()
    assert "https://sesiones.example.gob.mx/sesiones/respuesta/" in body
    ics = next(part for part in first.iter_attachments() if part.get_content_type() == "text/calendar")
    event = Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert str(event["UID"]) == f"session-{session.pk}@sesiones"
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert str(attendees[0]) == f"mailto:{seats[0].principal.email}"
    print(f"convocatoria entregada por el worker en {time.monotonic() - started:.1f} s")
