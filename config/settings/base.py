"""Settings every run shares, read from the environment (12-factor).

With no environment at all the app runs on an embedded development default:
SQLite, console e-mail, Celery tasks run inline. Production sets DEBUG=False,
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and, to scale out, REDIS_URL; with
DEBUG off, ``config.settings`` adds ``production``'s hardening. The test suite
runs on ``config.settings.test``.
"""

import warnings
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.cache import DATABASE_CACHE_TABLE

# pyHanko imports cryptography's DSA key type, which cryptography now deprecates; e.firma keys are RSA and
# nothing here signs with DSA, so the warning would only be noise on every command (and in `check --deploy`).
warnings.filterwarnings("ignore", message="DSA is deprecated")

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY es obligatoria cuando DEBUG está desactivado.")
    SECRET_KEY = "development-only-secret-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Demo accounts are created by load_demo only where DEMO is on (never in production).
DEMO = env.bool("DEMO", default=DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # its Swagger UI from its own static files, not a CDN
    "core",
    "members",
    "council",
    "sessions_app",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the logged-in user kept in the cache (CACHED_USERS) instead of read on every request.
    "members.authentication.CachedUserAuthenticationMiddleware",
    "members.permissions.ViewerMiddleware",
    # Those who have a second factor, or must have one, pass it before any other page.
    "members.permissions.TwoFactorMiddleware",
    "core.cache_control.PrivateCacheMiddleware",
    # A generated file tells the page that asked for it that it has started to arrive (static/js/forms.js).
    "core.downloads.DownloadCookieMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.records.RefusedDeleteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A form's choice list is read with QuerySet.iterator(), which on PostgreSQL declares a server-side cursor:
# three round trips (DECLARE, FETCH, CLOSE) for a few dozen rows. Read at once instead (and safe behind a
# transaction-pooling PgBouncer).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes checks every login attempt (it needs the request: tests log in with force_login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# «¿Olvidó su contraseña?»: links asked per client address and per e-mail address in one hour.
PASSWORD_RESET_PER_HOUR = env.int("PASSWORD_RESET_PER_HOUR", default=5)
# Login throttled against guessing: after AXES_FAILURE_LIMIT wrong passwords for one
# user name from one address, that pair is locked out for the cool-off time.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.login.lockout"
AXES_USERNAME_CALLABLE = "config.login.login_attempt_username"
# The address is the client's: behind the load balancer, the one it forwards (config/login.py).
AXES_CLIENT_IP_CALLABLE = "config.login.client_ip"
# The proxies (addresses or networks) whose X-Forwarded-For is believed; nobody else's is.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Two-factor sign-in (django-otp): the name authenticator apps show, and how fast wrong codes are slowed
# down (after n wrong codes in a row the next is refused for FACTOR * 2^(n-1) seconds).
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Sesiones")
OTP_TOTP_THROTTLE_FACTOR = env.int("OTP_THROTTLE_FACTOR", default=1)
OTP_STATIC_THROTTLE_FACTOR = OTP_TOTP_THROTTLE_FACTOR

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Spanish (Mexico) first, English available.
LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", _("Español (México)")), ("en", _("Inglés"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True

# Static files: front-end packages come from npm (node_modules) and are
# served by WhiteNoise, compressed and fingerprinted outside development.
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
    ("vendor/montserrat", NODE_MODULES / "@fontsource" / "montserrat"),
]
STATICFILES_DIRS = [d for d in STATICFILES_DIRS if Path(d if isinstance(d, Path) else d[1]).exists()]

MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Uploaded and published documents: the local file system by default, S3-compatible
# storage (django-storages) when a bucket is configured.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    DEFAULT_FILE_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
else:
    DEFAULT_FILE_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"

STORAGES = {
    "default": {"BACKEND": DEFAULT_FILE_STORAGE_BACKEND},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: console by default; EMAIL_URL (smtp://user:pass@host:587/?tls=True) in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sesiones <no-responder@sesiones.local>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# The ORGANIZER of the calendar invitations (defaults to DEFAULT_FROM_EMAIL's address).
CONVOCATION_ORGANIZER_EMAIL = env.str("CONVOCATION_ORGANIZER_EMAIL", default="")
# How long a convocation's personal answer link is valid at most (it also stops once the session is held).
INVITATION_TOKEN_MAX_AGE = env.int("INVITATION_TOKEN_MAX_AGE", default=180 * 24 * 60 * 60)

# Redis: broker, cache and sessions when REDIS_URL is set; otherwise inline tasks
# and the database.
REDIS_URL = env.str("REDIS_URL", default="")
# Each web and worker process prepares fonts, stylesheets and print templates when it starts (config/wsgi.py,
# config/celery.py), so that its first document is not slower than the next.
DOCUMENTS_WARM_UP = env.bool("DOCUMENTS_WARM_UP", default=not DEBUG)
# Convening queues the convocatoria's and the orden del día's PDFs to be built by the worker
# (sessions_app.tasks.documents_prerender). Inline (no Redis) it would make the convening request wait.
DOCUMENTS_PRERENDER = env.bool("DOCUMENTS_PRERENDER", default=bool(REDIS_URL))
# The logged-in user read from the cache, not from the database, on every request (members.authentication);
# pointless with the database as the cache.
CACHED_USERS = env.bool("CACHED_USERS", default=bool(REDIS_URL))

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Several deployments (or a test run) may share one Redis: each names its queue.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
# `celery -A config beat`: the daily reminders to those who have not answered (see send_reminders).
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {
        "task": "sessions_app.tasks.reminders_send",
        "schedule": crontab(hour=env.int("REMINDERS_HOUR", default=9), minute=0),
    },
    # The webhooks' agreement.overdue, the day after an open agreement's due date.
    "agreements-overdue": {"task": "api.tasks.agreements_overdue_notify", "schedule": crontab(hour=7, minute=0)},
}
# «Enviar recordatorio» on the Confirmaciones page is refused this many hours after the last reminder.
REMINDER_MIN_INTERVAL_HOURS = env.int("REMINDER_MIN_INTERVAL_HOURS", default=24)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",  # Django's, sharing one client per pool
            "LOCATION": REDIS_URL,
            # Deployments (or test runs) sharing one Redis database keep their keys apart.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default=""),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    # Shared by every process: nothing lives in one process (the table is made by a migration, always).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": DATABASE_CACHE_TABLE}}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The day of a session: attendance and quorum open this many minutes before it starts (never before its day).
CHECK_IN_OPENS_BEFORE_MINUTES = env.int("CHECK_IN_OPENS_BEFORE_MINUTES", default=120)

# Uploads: annexes and evidence files.
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# e.firma signatures (sessions_app.services.signatures): the CA certificates (paths, DER or PEM) that the public
# page /verificar/ trusts (the SAT's roots), a timestamp authority's URL for PAdES B-T (empty: B-B), the largest
# .cer/.key accepted, and how many PDFs one address may check per 10 minutes.
SIGNATURE_TRUST_ROOTS = env.list("SIGNATURE_TRUST_ROOTS", default=[])
SIGNATURE_TSA_URL = env.str("SIGNATURE_TSA_URL", default="")
SIGNATURE_MAX_FILE_SIZE = env.int("SIGNATURE_MAX_FILE_SIZE", default=64 * 1024)
VERIFICATION_CHECKS_PER_10_MINUTES = env.int("VERIFICATION_CHECKS_PER_10_MINUTES", default=20)

# The JSON API (api/): requests per minute per token (then 429 with Retry-After), and the longest a token lives.
API_RATE_PER_MINUTE = env.int("API_RATE_PER_MINUTE", default=120)
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
# Webhook addresses must be https:// (the test suite's local receiver is the exception).
WEBHOOK_REQUIRE_HTTPS = env.bool("WEBHOOK_REQUIRE_HTTPS", default=True)

# Structured logs: one JSON object per line outside development (LOG_FORMAT=json|plain).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")

# Content-Security-Policy (django-csp 4): scripts only from our own static files, never inline.
# Styles allow inline attributes because Bootstrap components and htmx set style attributes at run time.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # pyHanko logs a traceback for every signature whose chain it cannot build (no SIGNATURE_TRUST_ROOTS).
        "pyhanko": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
        # django-axes logs every successful login at INFO; failures and lockouts are warnings.
        "axes": {"level": env.str("AXES_LOG_LEVEL", default="WARNING")},
    },
}
