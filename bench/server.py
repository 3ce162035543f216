"""What the bench and the load test share: the environment, the data sets, gunicorn, logging in, wrk.

The app runs as it does in production — DEBUG off, PostgreSQL, Redis for the
cache and the sessions, gunicorn with config/gunicorn.conf.py and 2 workers —
with bench/settings.py, which adds the bare view ``/bench/bare/``.
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STATE_DIR = ROOT / "var" / "bench"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SECRET_KEY = "bench-only-secret-key-" + "x" * 40  # noqa: S105 - a throwaway key for throwaway databases
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk.lua"


def base_env(*, db_name: str, cache_prefix: str) -> dict:
    """The environment of a production-like run against ``db_name``."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"{PG_URL}/{db_name}",
        DEBUG="false",
        DEMO="false",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        REDIS_URL=REDIS_URL,
        BENCH_CACHE_PREFIX=cache_prefix,
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="1",
        GUNICORN_ACCESS_LOG="/dev/null",
        GUNICORN_MAX_REQUESTS="0",
        PYTHONPATH=str(ROOT),
        API_RATE_PER_MINUTE=str(10**9),  # wrk is one client; the API's rate per token is not what is measured
    )
    return env


def forget_cache_prefix(prefix: str) -> None:
    """Remove the keys a run kept in Redis under ``prefix`` (fragments, documents, sessions)."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*", count=1000):
            client.delete(key)
    except Exception:  # noqa: BLE001, S110 - nothing to clean without Redis
        pass


def redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means no Redis here
        return False
    return True


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("Falta wrk (Debian: apt-get install wrk); `make bench` lo instala.")
    return path


def build_data(size: str, *, db_name: str | None = None) -> dict:
    """Build the data set (fresh database) in a subprocess with the bench's settings; its description."""
    db_name = db_name or f"sesiones_bench_{size}"
    env = base_env(db_name=db_name, cache_prefix="bench-data")
    subprocess.run(
        [str(BIN / "python"), str(ROOT / "bench" / "data.py"), "--size", size, "--db", db_name], env=env, check=True
    )
    return json.loads((STATE_DIR / f"{db_name}.json").read_text())


def migrate(*, db_name: str) -> None:
    env = base_env(db_name=db_name, cache_prefix="bench-migrate")
    subprocess.run([str(BIN / "python"), str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"], env=env, check=True)


def collectstatic() -> None:
    env = base_env(db_name="postgres", cache_prefix="bench-static")
    subprocess.run(
        [str(BIN / "python"), str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], env=env, check=True
    )


def gunicorn_start(app: str, *, port: int, env: dict, log_name: str, probe: str = "/") -> subprocess.Popen:
    """``app`` under gunicorn with the deployment's configuration and 2 workers on 127.0.0.1:port, once it answers
    ``probe`` (the app and the pure hello are served alike, so that only what they run differs)."""
    log = open(STATE_DIR / f"{log_name}.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            str(ROOT / "config" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            app,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn ({app}) terminó al arrancar; vea {log.name}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=2).read()  # noqa: S310 - our own server
            return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    gunicorn_stop(process)
    raise SystemExit(f"gunicorn ({app}) no respondió en 60 s; vea {log.name}")


def gunicorn_stop(process: subprocess.Popen | None) -> None:
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@dataclass
class Server:
    """A gunicorn serving one database on 127.0.0.1:port."""

    db_name: str
    port: int
    info: dict
    cache_prefix: str = field(default_factory=lambda: f"bench-{uuid.uuid4().hex[:8]}")
    process: subprocess.Popen | None = None
    cookies: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        env = base_env(db_name=self.db_name, cache_prefix=self.cache_prefix)
        self.process = gunicorn_start(
            "config.wsgi", port=self.port, env=env, log_name=f"gunicorn-{self.db_name}", probe="/bench/bare/"
        )
        return self

    def stop(self) -> None:
        gunicorn_stop(self.process)
        self.process = None
        self.forget_cache()

    def forget_cache(self) -> None:
        """Remove this run's keys from Redis (fragments and sessions)."""
        forget_cache_prefix(self.cache_prefix)

    def login(self, role: str) -> str:
        """Log ``role`` ("staff" or "delegate") in through the login form; its Cookie header."""
        if role in self.cookies:
            return self.cookies[role]
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{self.base}/cuenta/entrar/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": self.info[f"{role}_username"],
                "password": self.info["password"],
            }
        ).encode()
        answer = opener.open(f"{self.base}/cuenta/entrar/", data=data, timeout=30)
        page = answer.read().decode()
        if "/cuenta/verificacion/" in answer.geturl():
            # Council staff sign in with a second factor: the code of the bench staff's app (bench/accounts.py).
            from bench.totp import totp_now

            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            code = totp_now(self.info[f"{role}_totp_key"])
            data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": code}).encode()
            answer = opener.open(f"{self.base}/cuenta/verificacion/", data=data, timeout=30)
            answer.read()
            if "/cuenta/verificacion/" in answer.geturl():
                raise SystemExit(f"El segundo paso de {role} no aceptó el código en {self.base}")
        cookies = {c.name: c.value for c in jar}
        if "sessionid" not in cookies:
            raise SystemExit(f"No se pudo entrar como {role} en {self.base}")
        self.cookies[role] = f"sessionid={cookies['sessionid']}; csrftoken={cookies.get('csrftoken', '')}"
        return self.cookies[role]

    def api_token(self, role: str) -> str:
        """A read token of ``role`` ("staff" or "delegate") for the API pages, made once in the server's database."""
        if f"api-{role}" in self.cookies:
            return self.cookies[f"api-{role}"]
        code = (
            "import datetime as dt, django; django.setup()\n"
            "from django.contrib.auth import get_user_model\n"
            "from django.utils import timezone\n"
            "from api.services import token_create\n"
            f"user = get_user_model().objects.get(username={self.info[f'{role}_username']!r})\n"
            "token, plain = token_create(user=user, name='bench', scope='read', "
            "expires_at=timezone.now() + dt.timedelta(days=1))\n"
            "print(plain)\n"
        )
        env = base_env(db_name=self.db_name, cache_prefix=self.cache_prefix)
        output = subprocess.run([str(BIN / "python"), "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
        if output.returncode != 0:
            raise SystemExit(f"No se pudo crear el token de la API: {output.stderr.strip()[-300:]}")
        self.cookies[f"api-{role}"] = f"Bearer {output.stdout.strip().splitlines()[-1]}"
        return self.cookies[f"api-{role}"]

    def check(self, path: str, cookie: str | None, *, expect: int = 200) -> int:
        """GET path once without following redirects; its size in bytes (fails unless the status is ``expect``)."""

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        headers = {}
        if cookie:
            headers["Authorization" if cookie.startswith("Bearer ") else "Cookie"] = cookie
        request = urllib.request.Request(f"{self.base}{path}", headers=headers)
        try:
            response = opener.open(request, timeout=60)
            status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        if status != expect:
            raise SystemExit(f"{self.base}{path} respondió {status}, no {expect}")
        return len(body)


@dataclass
class HelloServer:
    """The pure Django "hello" (bench/hello.py) under its own gunicorn, with the app's configuration and workers."""

    port: int
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "HelloServer":
        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "1",
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "GUNICORN_MAX_REQUESTS": "0",
            "PYTHONPATH": str(ROOT),
        }
        self.process = gunicorn_start("bench.hello:application", port=self.port, env=env, log_name="gunicorn-hello")
        return self

    def stop(self) -> None:
        gunicorn_stop(self.process)
        self.process = None


def wrk(url: str, *, cookie: str | None, seconds: int, connections: int = 4, threads: int = 1, touch: str = "") -> dict:
    """Run wrk against one URL; requests, rps, p50/p95/p99 in ms and errors (``cookie`` may be "Bearer <token>").

    ``touch``: sent as ``X-Bench-Touch`` (bench/touch.py), so that every request comes right after that change.
    """
    bearer = bool(cookie) and cookie.startswith("Bearer ")
    env = dict(
        os.environ,
        BENCH_COOKIE="" if bearer else cookie or "",
        BENCH_AUTHORIZATION=cookie if bearer else "",
        BENCH_TOUCH=touch,
    )
    output = subprocess.run(
        [
            ensure_wrk(),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(WRK_SCRIPT),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("{"))
    raw = json.loads(line)
    seconds_run = raw["duration_us"] / 1e6
    errors = raw["errors_status"] + raw["errors_connect"] + raw["errors_read"] + raw["errors_timeout"]
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds_run if seconds_run else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": errors,
        "errors_detail": {k: raw[k] for k in raw if k.startswith("errors_")},
    }
