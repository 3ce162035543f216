"""The app's URLs plus ``/bench/bare/``: the baseline every page of the bench is compared with."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def bare(request):
    """A tiny response through the full middleware stack, with no database and no template."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *app_urlpatterns]
