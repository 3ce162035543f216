"""The floor of `make bench`: a pure Django "hello" — one file, no middleware, no database, no templates.

Served by its own gunicorn with the same configuration and workers as the app
(config/gunicorn.conf.py, 2 sync workers): what any Django page costs at the
least on this machine, so that the app's pages are measured against Django
itself rather than against a view inside the app (which runs the app's whole
middleware, as ``/bench/bare/`` does).

    gunicorn -c config/gunicorn.conf.py --workers 2 bench.hello:application
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-hello-only-" + "x" * 40,  # noqa: S106 - serves one constant response, nothing to protect
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_I18N=False,
)


def hello(request):
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
