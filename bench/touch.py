"""The bench's "a change in the council" step: a request carrying ``X-Bench-Touch`` first marks its council changed.

On the day of a session answers and check-ins change the council every few
seconds, so a page is as often rendered right after a change as from the cache.
``make bench`` measures that case by sending this header with every request of
the page's run: each request then finds the council's cached fragments stale, as
it would after a real change (``core.versions.council_changed``), at the cost of
one cache write. Only ``bench/settings.py`` installs this middleware.
"""

from core.versions import council_changed


class TouchCouncilMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        council = request.headers.get("X-Bench-Touch", "")
        if council.isdigit():
            council_changed(int(council))
        return self.get_response(request)
