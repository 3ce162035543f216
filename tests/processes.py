"""Real processes for the tests that need them: a Celery worker, gunicorn servers, the mail they write.

A process other than pytest's sees only committed data: the tests that use
these run as transactional tests on PostgreSQL and point each process at the
test database. Redis may be shared with other runs (and other agents' runs):
each run gets its own Celery queue and cache key prefix, and removes them.
"""

import email
import email.policy
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
MAIL_SEPARATOR = b"-" * 79


def redis_unreachable(url: str) -> str | None:
    """Why Redis at ``url`` cannot be used (a skip reason), or None when it answers."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except (redis.exceptions.RedisError, OSError) as exc:
        return f"No hay Redis en {url} ({exc}); la prueba necesita un Redis real."
    return None


def database_url() -> str:
    """DATABASE_URL of the database this test run uses (pytest-django's ``test_<name>``)."""
    db = settings.DATABASES["default"]
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{quote(db['USER'])}{password}@{host}:{port}/{db['NAME']}"


def delivered(mail_dir: Path) -> list[email.message.EmailMessage]:
    """The e-mails Django's file backend wrote to ``mail_dir``, parsed."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(MAIL_SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip(), policy=email.policy.default))
    return messages


def free_ports(count: int) -> list[int]:
    """``count`` different ports free on 127.0.0.1 (held open together, so the system cannot hand one out twice)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def start_worker(*, queue: str, env: dict, log: Path) -> subprocess.Popen:
    """`celery -A config worker` consuming only ``queue``, one task at a time."""
    return subprocess.Popen(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
        + ["-Q", queue, "--without-heartbeat", "--without-gossip", "--without-mingle", "-n", f"{queue}@%h"],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def start_gunicorn(*, port: int, env: dict, log: Path) -> subprocess.Popen:
    """`gunicorn -c config/gunicorn.conf.py config.wsgi` on 127.0.0.1:port, as the Procfile's web process."""
    return subprocess.Popen(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
        + ["config.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_until_healthy(process: subprocess.Popen, url: str, *, log: Path, timeout: float = 90) -> None:
    """Wait for ``url`` (the health endpoint) to answer 200; fail with the process's log if it never does."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 - our own server
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"El proceso terminó (código {process.returncode}):\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} no respondió en {timeout:.0f} s:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def forget_redis_keys(url: str, *, queue: str = "", prefix: str = "") -> None:
    """Remove what one run left in a shared Redis: its Celery queue's keys and its cache keys."""
    import redis

    client = redis.Redis.from_url(url)
    if queue:
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    if prefix:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
        if keys:
            client.delete(*keys)
    client.close()


def environment(**values: str) -> dict[str, str]:
    """This process's environment without pytest's own variables, plus ``values``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(values)
    return env
