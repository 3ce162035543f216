"""The test suite's settings (pytest's DJANGO_SETTINGS_MODULE): the deployment's, with what tests change."""

from config.settings import *  # noqa: F403

# Static files are served from the source folders: the suite never runs collectstatic.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

if not REDIS_URL:  # noqa: F405
    # Each test starts from an empty cache; the shared database cache would leak between tests.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
