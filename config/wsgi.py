"""WSGI entry point, used by gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - once the application (and so the settings) is loaded

if settings.DOCUMENTS_WARM_UP:
    from sessions_app.documents.rendering import warm_up  # noqa: E402

    warm_up()  # each gunicorn worker imports this module: fonts, stylesheets and templates before any request
