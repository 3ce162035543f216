"""The Celery application: Redis as broker when REDIS_URL is set, inline otherwise."""

import os

from celery import Celery
from celery.signals import worker_process_init
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("sesiones")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_up(**kwargs):
    """Each worker process prepares fonts, stylesheets and print templates before its first task."""
    if settings.DOCUMENTS_WARM_UP:
        from sessions_app.documents.rendering import warm_up  # noqa: PLC0415 - the apps are ready only now

        warm_up()
