"""The project package: settings, root URLs, WSGI/ASGI, the Celery app, gunicorn, logging and health."""

from .celery import app as celery_app

__all__ = ("celery_app",)
