"""The bench's "a change in the council" step: a request carrying ``X-Bench-Touch`` first makes that change.

On the day of a session answers and check-ins change the council every few
seconds, so a page is as often rendered right after a change as from the cache.
``make bench`` measures that case by sending this header with every request of
the page's run. ``X-Bench-Touch: <council>:<session>`` is what an answer or a
check-in on one of the session's invitations does to the cache
(``core.versions.attendance_changed``, which every invitation's save calls);
``X-Bench-Touch: <council>`` is any other change in the council
(``core.versions.council_changed``: its agenda, agreements, seats…). Only
``bench/settings.py`` installs this middleware.
"""

from core.versions import attendance_changed, council_changed


def touch(value: str) -> None:
    """Make the change ``value`` names (``"<council>"`` or ``"<council>:<session>"``)."""
    council, _, session = value.partition(":")
    if not council.isdigit():
        return
    if session.isdigit():
        attendance_changed(int(council), int(session))
    else:
        council_changed(int(council))


class TouchCouncilMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        touch(request.headers.get("X-Bench-Touch", ""))
        return self.get_response(request)
