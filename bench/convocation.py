"""Bench: the request that convenes 300 invitations answers in about the time of one that convenes 3.

The request checks, marks the session convened and queues one task; the
worker writes one invitation per seat and sends the e-mails. So its time
should not grow with the number of seats. This
measures it through Django's full request cycle (middleware, session,
authentication, permission, view, service, queueing to the broker, redirect)
on a throwaway database, and prints the ratio of the medians.

    python bench/convocation.py            # or: from bench.convocation import run; run()

Work is queued to Redis when one is reachable (REDIS_URL, or
redis://127.0.0.1:6379/14), otherwise to Celery's in-memory broker; either
way no worker consumes it: each request must leave exactly one message on
this run's queue, which is deleted afterwards.
"""

import os
import statistics
import sys
import time
import uuid
from pathlib import Path

SIZES = (3, 300)
MAX_RATIO = 1.5
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"


def _setup_django() -> None:
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _broker_url() -> str:
    from django.conf import settings

    url = os.environ.get("BENCH_REDIS_URL") or settings.REDIS_URL or DEFAULT_REDIS
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means: no Redis here, use the in-memory broker
        return "memory://"
    return url


def _council_with_seats(n: int, tag: str):
    """A council with n voting seats, each with a titular who has an e-mail."""
    from django.contrib.auth import get_user_model

    from council.models import Council, Seat
    from members.models import Institution, Person

    secretariat = Institution.objects.create(name=f"Secretaría Técnica {tag}")
    council = Council.objects.create(
        name=f"Consejo de medición {tag}",
        short_name=f"CM{tag}",
        presiding_institution=secretariat,
        secretariat_institution=secretariat,
        agreement_prefix=f"CM{tag}",
    )
    institutions = Institution.objects.bulk_create(
        Institution(name=f"Institución {tag}-{i}", short_name=f"I{i}") for i in range(n)
    )
    people = Person.objects.bulk_create(
        Person(full_name=f"Titular {tag}-{i}", institution=inst, email=f"titular{i}.{tag}@example.gob.mx")
        for i, inst in enumerate(institutions)
    )
    Seat.objects.bulk_create(
        Seat(council=council, institution=inst, principal=person, order=i)
        for i, (inst, person) in enumerate(zip(institutions, people, strict=True))
    )
    staff = get_user_model().objects.create_user(username=f"secretaria-{tag}", password=None)
    council.staff.add(staff)
    return council, staff


def _draft_session(council, k: int):
    import datetime as dt

    from django.utils import timezone

    from sessions_app.models import Session
    from sessions_app.services.sessions import session_create

    starts_at = timezone.now() + dt.timedelta(days=30 + k)
    return session_create(
        council=council, kind=Session.Kind.ORDINARY, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2)
    )


def measure(*, sizes=SIZES, repeats: int = 15) -> dict:
    """Time the convening request at each size (median of ``repeats``); Django and a database must be ready.

    The data is created in the current database and left there: call it on
    a throwaway database (``run`` does).
    """
    from django.urls import reverse

    from bench.accounts import verified_client
    from config.celery import app as celery_app
    from sessions_app.models import Session

    broker = _broker_url()
    queue = f"sesiones-bench-{uuid.uuid4().hex[:10]}"
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    celery_app.conf.update(broker_url=broker, task_always_eager=False, task_default_queue=queue)
    celery_app._pool = None  # a pool made for another broker must not be reused
    celery_app.amqp._producer_pool = None
    try:
        with celery_app.connection_for_write() as conn:
            channel = conn.default_channel
            councils = {size: _council_with_seats(size, f"{size}-{uuid.uuid4().hex[:6]}") for size in sizes}
            clients = {}
            for size, (_council, staff) in councils.items():
                clients[size] = verified_client(staff)
            timings = {size: [] for size in sizes}
            # Sizes alternate, so that whatever else the machine is doing weighs on both alike.
            for k in range(repeats + 1):  # the first round warms caches up and is not counted
                for size in sizes:
                    session = _draft_session(councils[size][0], k)
                    url = reverse("sessions_app:convene", args=[session.pk])
                    waiting = channel._size(queue)
                    started = time.perf_counter()
                    response = clients[size].post(url)
                    elapsed = time.perf_counter() - started
                    assert response.status_code == 302, response.status_code
                    session.refresh_from_db()
                    assert session.status == Session.Status.CONVENED, session.status
                    queued = channel._size(queue) - waiting
                    assert queued == 1, f"{queued} mensajes en cola tras convocar {size} lugares"
                    if k:
                        timings[size].append(elapsed)
            channel.queue_purge(queue)
            channel.queue_delete(queue)
            if hasattr(channel, "client"):  # Redis keeps the queue's bindings under keys of their own
                channel.client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    finally:
        celery_app.conf.update(saved)
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
    medians = {size: statistics.median(samples) for size, samples in timings.items()}
    small, large = min(sizes), max(sizes)
    return {
        "broker": broker.split("://")[0],
        "medians_ms": {size: round(value * 1000, 1) for size, value in medians.items()},
        "ratio": round(medians[large] / medians[small], 2),
        "max_ratio": MAX_RATIO,
    }


def run(*, sizes=SIZES, repeats: int = 15, verbose: bool = True) -> dict:
    """Set up a throwaway database, measure, tear it down, print the result and return it."""
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        result = measure(sizes=sizes, repeats=repeats)
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
    if verbose:
        small, large = min(sizes), max(sizes)
        ms = result["medians_ms"]
        verdict = "OK" if result["ratio"] <= MAX_RATIO else "DEMASIADO LENTO"
        print(
            f"convocar {large} invitaciones: {ms[large]} ms; {small}: {ms[small]} ms; "
            f"razón {result['ratio']} (máximo {MAX_RATIO}, broker {result['broker']}) — {verdict}"
        )
    return result


def main() -> int:
    _setup_django()
    result = run()
    return 0 if result["ratio"] <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
