"""Login throttling, password rules, the Content-Security-Policy and the production settings."""

import json
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.members.factories import UserFactory

BASE_DIR = Path(settings.BASE_DIR)
PASSWORD = "clave-de-prueba-123"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Login throttled against guessing (django-axes) -------------------------------------------


@pytest.mark.django_db
def test_a_correct_password_logs_in(client):
    UserFactory(username="secretaria")
    response = _login(client, "secretaria", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_out_with_a_spanish_page(client):
    """After the failure limit, even the right password is refused, with a 429 page saying how long to wait."""
    UserFactory(username="secretaria")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "secretaria", "adivinanza")
        assert response.status_code == 200  # the login form with its error
    response = _login(client, "secretaria", "adivinanza")
    assert response.status_code == 429
    response = _login(client, "secretaria", PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert "Acceso bloqueado temporalmente" in body
    assert f"vuelva a intentarlo en {int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} minutos" in body
    assert not _logged_in(client)


@pytest.mark.django_db
def test_the_lockout_concerns_one_account_from_one_address(client):
    """Someone guessing one account does not lock its owner out from elsewhere, nor other accounts."""
    UserFactory(username="secretaria")
    UserFactory(username="salud")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "secretaria", "adivinanza", ip="10.0.0.66")
    assert _login(client, "salud", PASSWORD, ip="10.0.0.66").status_code == 302
    client.logout()
    assert _login(client, "secretaria", PASSWORD, ip="10.0.0.2").status_code == 302


BALANCER = "10.0.0.254"


def _login_through(client, username, password, *, forwarded, remote=BALANCER):
    """A login as the app sees it behind the load balancer: from its address, with the client's forwarded."""
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_behind_the_balancer_a_stranger_guessing_a_password_does_not_lock_its_owner_out(client, settings):
    """Five wrong passwords from one client lock that client only; the owner, elsewhere, still logs in."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    UserFactory(username="admin")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login_through(client, "admin", "adivinanza", forwarded="203.0.113.66")
    assert _login_through(client, "admin", PASSWORD, forwarded="203.0.113.66").status_code == 429
    assert _login_through(client, "admin", PASSWORD, forwarded="198.51.100.7").status_code == 302
    assert _logged_in(client)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_forwarded_client_is_locked_not_what_it_claims(client, settings):
    """The address locked is the one the proxy saw; an X-Forwarded-For the client wrote itself is passed over."""
    settings.TRUSTED_PROXIES = [BALANCER]
    UserFactory(username="secretaria")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login_through(client, "secretaria", "adivinanza", forwarded=f"192.0.2.{n}, 203.0.113.66")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    assert _login_through(client, "secretaria", PASSWORD, forwarded="203.0.113.66").status_code == 429
    assert _login_through(client, "secretaria", PASSWORD, forwarded="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_an_x_forwarded_for_from_anyone_but_a_trusted_proxy_is_ignored(client, settings):
    """A client that writes a new X-Forwarded-For on every try is still locked by its own address."""
    settings.TRUSTED_PROXIES = [BALANCER]
    UserFactory(username="secretaria")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login_through(client, "secretaria", "adivinanza", forwarded=f"192.0.2.{n}", remote="203.0.113.66")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    response = _login_through(client, "secretaria", PASSWORD, forwarded="198.51.100.7", remote="203.0.113.66")
    assert response.status_code == 429


@pytest.mark.django_db
def test_without_trusted_proxies_x_forwarded_for_is_never_believed(client, settings):
    settings.TRUSTED_PROXIES = []
    UserFactory(username="secretaria")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login_through(client, "secretaria", "adivinanza", forwarded=f"192.0.2.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {BALANCER}


@pytest.mark.django_db
def test_the_lockout_ends_after_the_cool_off_time(client):
    UserFactory(username="secretaria")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "secretaria", "adivinanza")
    assert _login(client, "secretaria", PASSWORD).status_code == 429
    past = settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past)
    assert _login(client, "secretaria", PASSWORD).status_code == 302
    assert _logged_in(client)


@pytest.mark.parametrize("username", ["x" * 5000, "nombre\x00con-nulo", "ñ" * 300])
def test_a_hostile_user_name_is_refused_and_never_breaks_the_login(client, db, username):
    """Any length or a NUL character: the login form says no (never a 500); what axes records fits its table."""
    response = client.post(reverse("login"), {"username": username, "password": "x"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200 and not _logged_in(client)
    for attempt in AccessAttempt.objects.filter(ip_address="10.0.0.9"):
        assert len(attempt.username) <= 150 and "\x00" not in attempt.username
    if "\x00" not in username:
        assert AccessAttempt.objects.filter(ip_address="10.0.0.9", username=username[:150]).exists()


@pytest.mark.django_db
def test_a_successful_login_forgets_earlier_failures(client):
    UserFactory(username="secretaria")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "secretaria", "adivinanza")
    assert _login(client, "secretaria", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "secretaria", "adivinanza")
    assert _login(client, "secretaria", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["12345678", "password", "secretaria2024", "corta"])
@pytest.mark.django_db
def test_weak_passwords_are_refused(password):
    user = UserFactory(username="secretaria2024")
    with pytest.raises(ValidationError):
        validate_password(password, user)


@pytest.mark.django_db
def test_a_strong_password_is_accepted():
    validate_password("Tres-consejos-sesionan-en-octubre", UserFactory(username="secretaria"))


# --- Content-Security-Policy and other headers --------------------------------------------------


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
def test_every_page_carries_a_csp_that_forbids_inline_scripts(client):
    response = client.get(reverse("login"))
    directives = _directives(response["Content-Security-Policy"])
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives.get("default-src", [])
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


# Things the CSP blocks in a browser, so that a page using them would silently break.
INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*?\s(?P<attr>on[a-z]+|hx-on[:\-][\w:\-]*)\s*=", re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def _template_files():
    roots = [BASE_DIR / "templates", *(BASE_DIR / app / "templates" for app in ("council", "members", "sessions_app"))]
    return sorted(path for root in roots if root.exists() for path in root.rglob("*.html"))


def inline_script_problems(html: str) -> list[str]:
    """What in a piece of HTML the Content-Security-Policy would block: inline scripts and handlers."""
    problems = []
    for match in INLINE_SCRIPT.finditer(html):
        if match.group("body").strip():
            problems.append(f"<script> with a body: {match.group(0)[:80]!r}")
        elif "src=" not in match.group("attrs"):
            problems.append(f"<script> without src: {match.group(0)[:80]!r}")
    problems += [f"event handler attribute {m.group('attr')}=" for m in EVENT_HANDLER.finditer(html)]
    problems += [f"javascript: URL {m.group(0)!r}" for m in JAVASCRIPT_URL.finditer(html)]
    return problems


def test_templates_carry_no_inline_javascript():
    """JavaScript lives in static/js/<name>.js loaded with <script src>; the CSP blocks anything inline."""
    files = _template_files()
    assert len(files) > 5
    problems = {
        str(path.relative_to(BASE_DIR)): found for path in files if (found := inline_script_problems(path.read_text()))
    }
    assert not problems, (
        "Inline JavaScript found; move it to static/js/<name>.js and load it with "
        f"<script src=\"{{% static 'js/<name>.js' %}}\"></script> in {{% block scripts %}}: {problems}"
    )


def test_the_inline_script_scan_finds_what_it_looks_for():
    assert inline_script_problems("<script>alert(1)</script>")
    assert inline_script_problems('<button onclick="go()">x</button>')
    assert inline_script_problems('<div hx-on:click="go()">x</div>')
    assert inline_script_problems('<a href="javascript:go()">x</a>')
    assert not inline_script_problems('<script src="/static/js/app.js"></script><a href="/x" class="one">')


# --- Production settings --------------------------------------------------------------------------


def _production_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="sesiones.example.gob.mx",
        CSRF_TRUSTED_ORIGINS="https://sesiones.example.gob.mx",
        DJANGO_SETTINGS_MODULE="config.settings",
        **extra,
    )
    return env


def _run(args, env):
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_prints_no_warning_under_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr.upper()


def test_production_settings_use_secure_cookies_hsts_and_https_redirect():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({"
        "'ssl': s.SECURE_SSL_REDIRECT, 'session': s.SESSION_COOKIE_SECURE, 'csrf': s.CSRF_COOKIE_SECURE,"
        "'hsts': s.SECURE_HSTS_SECONDS, 'sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'debug': s.DEBUG,"
        "'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src']}))"
    )
    result = _run(["-c", code], _production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "ssl": True,
        "session": True,
        "csrf": True,
        "hsts": 31536000,
        "sub": True,
        "debug": False,
        "csp": ["'self'"],
    }


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    env["SECRET_KEY"] = ""
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY es obligatoria" in result.stderr
