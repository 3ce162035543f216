"""Scale-out: two gunicorn servers and a Celery worker on one PostgreSQL and one Redis keep no state of their own.

The processes run as the Procfile runs them in production (DEBUG off, static
files collected and fingerprinted, secure cookies behind a proxy that says
``X-Forwarded-Proto: https``), against pytest-django's test database, which
this transactional test commits to. Redis may be shared: the run gets its own
Celery queue and cache key prefix in a dedicated database number.
"""

import html
import os
import pickle
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookies import SimpleCookie

import pytest
from django.db import connection

from sessions_app.documents.publishing import document_publish
from sessions_app.models import Document, Invitation, Session
from sessions_app.services.sessions import agenda_apply_template
from tests.council.factories import CouncilFactory, SeatFactory
from tests.members.factories import TwoFactorDeviceFactory, UserFactory, totp_code
from tests.processes import (
    BASE_DIR,
    database_url,
    delivered,
    environment,
    forget_redis_keys,
    free_ports,
    redis_unreachable,
    start_gunicorn,
    start_worker,
    stop,
    wait_until_healthy,
)
from tests.sessions_app.factories import SessionFactory

REDIS_URL = os.environ.get("SCALEOUT_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
SECRET_KEY = secrets.token_urlsafe(50)
PASSWORD = "clave-de-prueba-123"

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]


def _production_env(**extra) -> dict[str, str]:
    """What every process of the deployment shares: the database, Redis, the secret key, production mode."""
    return environment(
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url(),
        REDIS_URL=REDIS_URL,
        LOG_FORMAT="json",
        LOG_LEVEL="WARNING",
        WEB_CONCURRENCY="1",
        GUNICORN_ACCESS_LOG="/dev/null",
        **extra,
    )


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected as the release step does (compressed, with a manifest); gunicorn serves them."""
    import subprocess
    import sys

    target = tmp_path_factory.mktemp("staticfiles")
    env = environment(DEBUG="false", SECRET_KEY=SECRET_KEY, STATIC_ROOT=str(target))
    subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    return target


@pytest.fixture
def deployment(request, tmp_path):
    """Two web servers on two free ports and one worker, sharing PostgreSQL and Redis; torn down after the test."""
    if connection.vendor != "postgresql":
        pytest.skip("La base de datos es SQLite: otros procesos no ven la base de pruebas (CI usa PostgreSQL).")
    reason = redis_unreachable(REDIS_URL)
    if reason:
        pytest.skip(reason)
    static_root = request.getfixturevalue("static_root")  # collected only when the test runs
    run = uuid.uuid4().hex[:10]
    queue, prefix = f"sesiones-escala-{run}", f"escala-{run}"
    mail_dir = tmp_path / "correo"
    mail_dir.mkdir()
    media_root = tmp_path / "media"  # the shared storage (NFS, or a bucket) of published documents
    media_root.mkdir()
    ports = free_ports(2)
    env = _production_env(
        CELERY_QUEUE=queue,
        CACHE_KEY_PREFIX=prefix,
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        EMAIL_URL=f"filemail:///{mail_dir}",
        SITE_URL=f"https://127.0.0.1:{ports[0]}",
    )
    processes = []
    try:
        worker_log = tmp_path / "worker.log"
        processes.append(start_worker(queue=queue, env=env, log=worker_log))
        servers = []
        for port in ports:
            log = tmp_path / f"gunicorn-{port}.log"
            process = start_gunicorn(port=port, env=env, log=log)
            processes.append(process)
            servers.append((process, f"http://127.0.0.1:{port}", log))
        for process, base, log in servers:
            wait_until_healthy(process, f"{base}/salud/", log=log)
        yield type(
            "Deployment",
            (),
            {
                "servers": [base for _, base, _ in servers],
                "worker": processes[0],
                "worker_log": worker_log,
                "mail_dir": mail_dir,
                "media_root": media_root,
                "prefix": prefix,
            },
        )
    finally:
        for process in processes:
            stop(process)
        forget_redis_keys(REDIS_URL, queue=queue, prefix=prefix)


class HttpClient:
    """A person's browser, reduced: cookies kept by hand (they are Secure, the servers sit behind an HTTPS proxy)."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None):
        self.base = base
        self.cookies = dict(cookies or {})
        self.headers: dict[str, str] = {}
        self._opener = urllib.request.build_opener(_NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, bytes]:
        origin = self.base.replace("http://", "https://")
        headers = {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": f"{origin}{path}", **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}).encode()
        request = urllib.request.Request(f"{self.base}{path}", data=body, headers=headers)  # noqa: S310
        try:
            response = self._opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.headers), response.read()

    def get(self, path: str) -> tuple[int, dict, bytes]:
        return self.request(path)

    def post(self, path: str, data: dict) -> tuple[int, dict, bytes]:
        if "csrftoken" not in self.cookies:
            self.get(path)
        return self.request(path, data)

    def log_in(self, username: str, device=None) -> None:
        """The password, then (for those with an app: the secretariat's staff) the app's current code."""
        self.get("/cuenta/entrar/")
        status, headers, body = self.post("/cuenta/entrar/", {"username": username, "password": PASSWORD})
        assert status == 302, body.decode()[:2000]
        assert headers["Location"] == "/"
        if device is not None:
            status, headers, body = self.post("/cuenta/verificacion/", {"code": totp_code(device), "next": "/"})
            assert status == 302, body.decode()[:2000]
            assert headers["Location"] == "/"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _keys(pattern: str) -> set[bytes]:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = set(client.scan_iter(match=pattern, count=500))
    client.close()
    return keys


def _live_keys(prefix: str) -> set[bytes]:
    return _keys(f"{prefix}:*:fragments:live:*")


def _fragment(key: bytes) -> str:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    value = client.get(key)
    client.close()
    return pickle.loads(value)  # noqa: S301 - written by our own servers into this run's keys


def _wait_for_delivery(deployment, session, count: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if deployment.worker.poll() is not None:
            pytest.fail(f"El worker terminó:\n{deployment.worker_log.read_text()[-4000:]}")
        deliveries = list(session.invitations.values_list("delivery", flat=True))
        if len(deliveries) == count and set(deliveries) == {Invitation.Delivery.SENT}:
            _wait_until_settled(deployment, session.council_id)
            return
        time.sleep(0.5)
    pytest.fail(f"El worker no envió las convocatorias en 120 s:\n{deployment.worker_log.read_text()[-4000:]}")


def _wait_until_settled(deployment, council_id: int) -> None:
    """Wait until the council's cache version stops changing: the worker replaces it once more after its commit."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    (key,) = client.scan_iter(match=f"{deployment.prefix}:*:fragments:council:{council_id}")
    previous, deadline = client.get(key), time.monotonic() + 30
    while time.monotonic() < deadline:
        time.sleep(1)
        current = client.get(key)
        if current == previous:
            break
        previous = current
    client.close()


def test_two_servers_and_a_worker_share_everything(deployment, settings):
    """Convened on server 1, delivered by the worker; answered on server 2, seen on server 1; one cache for both.

    A document rendered by one server is served by the other from the shared cache (same bytes, same ETag),
    and a published one from the shared storage.
    """
    # The servers hash passwords with the production hashers, not the suite's fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    council = CouncilFactory(name="Consejo de la Prueba de Escala", short_name="CPE")
    seats = [SeatFactory(council=council, institution__name=f"Secretaría Escala {n}") for n in ("Uno", "Dos")]
    session = SessionFactory(council=council, status=Session.Status.DRAFT)
    agenda_apply_template(session=session)
    staff = UserFactory(username="secretaria_escala", password=PASSWORD)
    council.staff.add(staff)
    device = TwoFactorDeviceFactory(user=staff)
    one, two = deployment.servers

    # Server 1: the secretariat logs in and convenes; the worker prepares and sends the convocations.
    staff_on_one = HttpClient(one)
    staff_on_one.log_in("secretaria_escala", device)
    status, headers, body = staff_on_one.post(f"/sesiones/{session.pk}/convocar/", {})
    assert status == 302, body.decode()[:2000]
    assert headers["Location"] == f"/sesiones/{session.pk}/confirmaciones/"
    assert staff_on_one.get(headers["Location"])[0] == 200  # followed, as a browser does: its message is shown
    session.refresh_from_db()
    assert session.status == Session.Status.CONVENED
    _wait_for_delivery(deployment, session, count=2)
    messages = {m["To"]: m for m in delivered(deployment.mail_dir)}
    assert set(messages) == {seat.principal.email for seat in seats}

    # The logged-in session lives in Redis: the same cookie is the same person on server 2.
    staff_on_two = HttpClient(two, cookies=staff_on_one.cookies)
    # The session page's convened institutions follow the answers: a live part, kept for every server.
    before = _live_keys(deployment.prefix)
    status, _, page_one = staff_on_one.get(f"/sesiones/{session.pk}/")
    assert status == 200
    rendered = _live_keys(deployment.prefix) - before
    assert len(rendered) == 1, "server 1 rendered the session's page and kept its live parts"
    _, parts = _fragment(rendered.pop())
    fragment = parts["invitations"]
    assert "Secretaría Escala Uno" in fragment
    status, _, page_two = staff_on_two.get(f"/sesiones/{session.pk}/")
    assert status == 200
    assert len(_live_keys(deployment.prefix) - before) == 1, "server 2 computed no live part again"
    assert fragment in page_one.decode() and fragment in page_two.decode(), "both served the same cached bytes"

    # The orden del día's and the convocatoria's PDFs: built by the worker once the session was convened
    # (DOCUMENTS_PRERENDER); neither server renders them, both serve the same bytes from the cache.
    deadline = time.monotonic() + 120
    while len(_keys(f"{deployment.prefix}:*:pdf:*")) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(_keys(f"{deployment.prefix}:*:pdf:*")) == 2, "the worker built the convocatoria and the orden del día"
    document = f"/sesiones/{session.pk}/documentos/orden-del-dia.pdf"
    before = _keys(f"{deployment.prefix}:*:pdf:*")
    status, headers_one, pdf_one = staff_on_one.get(document)
    assert status == 200 and pdf_one.startswith(b"%PDF-")
    assert _keys(f"{deployment.prefix}:*:pdf:*") == before, "server 1 rendered nothing: the worker had"
    status, headers_two, pdf_two = staff_on_two.get(document)
    assert status == 200
    assert pdf_two == pdf_one and headers_two["ETag"] == headers_one["ETag"]
    assert _keys(f"{deployment.prefix}:*:pdf:*") == before, "server 2 rendered nothing"
    staff_on_two_revalidating = HttpClient(two, cookies=staff_on_one.cookies)
    staff_on_two_revalidating.headers = {"If-None-Match": headers_one["ETag"]}
    status, _, body = staff_on_two_revalidating.get(document)
    assert status == 304 and body == b""

    # A published (frozen) document is stored once, on the shared storage, and both serve it as stored.
    settings.MEDIA_ROOT = deployment.media_root
    published = document_publish(
        session=session, kind=Document.Kind.AGENDA, title="Orden del día", pdf=pdf_one, filename="orden.pdf"
    )
    path = f"/sesiones/{session.pk}/documentos/publicados/{published.pk}/"
    (status_one, headers_one, stored_one), (status_two, headers_two, stored_two) = (
        staff_on_one.get(path),
        staff_on_two.get(path),
    )
    assert status_one == status_two == 200
    assert stored_one == stored_two == pdf_one
    assert headers_one["ETag"] == headers_two["ETag"] == f'"{published.sha256}"'

    # Server 2: the titular of Secretaría Uno answers from the e-mail's link, without an account.
    message = messages[seats[0].principal.email]
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"^(https://127\.0\.0\.1:\d+/sesiones/respuesta/\S+/)$", text, re.M).group(1)
    path = urllib.parse.urlsplit(link).path
    delegate_on_two = HttpClient(two)
    status, _, body = delegate_on_two.get(path)
    assert status == 200
    assert html.escape(session.title) in body.decode()
    status, _, body = delegate_on_two.post(path, {"answer": Invitation.Answer.CONFIRMED})
    assert status in (200, 302), body.decode()[:2000]
    assert Invitation.objects.get(session=session, seat=seats[0]).answer == Invitation.Answer.CONFIRMED

    # Server 1 sees it at once: its cached page was replaced through the shared cache, not by a timeout.
    status, _, page = staff_on_one.get(f"/sesiones/{session.pk}/")
    assert status == 200
    rows = re.findall(r"<li class=\"list-group-item d-flex.*?</li>", page.decode(), re.S)
    row_one = next(row for row in rows if "Secretaría Escala Uno" in row)
    assert "Confirmó" in row_one
    status, _, panel = staff_on_one.get(f"/sesiones/{session.pk}/confirmaciones/panel/")
    assert status == 200
    assert re.search(r'data-count="?confirmed"?[^>]*>\s*1\s*<', panel.decode()), panel.decode()[:3000]
