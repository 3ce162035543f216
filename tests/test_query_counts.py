"""The pages of the bench issue as many queries on a small council as on one with years of history.

The same pages as ``make bench`` (every page staff and delegates open daily,
and the answer link), as the council's staff and, where they may, as a
delegate; counted with an empty cache (the first request after a change),
and from the cache (the next request), then again after adding sessions,
invitations, agenda items and agreements. No timing here: ``make bench``
measures time.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import AgendaItem, Invitation, Session
from sessions_app.tokens import invitation_token
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import AgendaItemFactory, AgreementFactory, InvitationFactory, SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_minute")]


def _grow(world, n: int) -> None:
    """Add n held sessions of council X with invitations and agreements, and n items and invitations to its session."""
    for _ in range(n):
        seat = SeatFactory(council=world.council_x)
        past = SessionFactory(
            council=world.council_x,
            status=Session.Status.HELD,
            starts_at=timezone.now() - dt.timedelta(days=30 + Session.objects.count()),
        )
        InvitationFactory(session=past, institution=seat.institution, seat=seat, attended=True)
        InvitationFactory(session=past, institution=world.seat_a.institution, seat=world.seat_a, attended=True)
        agreement = AgreementFactory(session=past)
        agreement.responsible.add(seat.institution)
        InvitationFactory(
            session=world.session_x,
            institution=seat.institution,
            seat=seat,
            answer=Invitation.Answer.CONFIRMED,
            attendee=seat.principal,
        )
        AgendaItemFactory(session=world.session_x)


def _get(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _count(client, url: str) -> tuple[int, int]:
    """The queries of a request with an empty cache, and of the next one (the page from the cache)."""
    cache.clear()
    return _get(client, url), _get(client, url)


PAGES = {
    "dashboard": lambda w: reverse("dashboard"),
    "sessions": lambda w: reverse("sessions_app:list"),
    "council": lambda w: reverse("council:detail", args=[w.council_x.pk]),
    "session": lambda w: w.session_x.get_absolute_url(),
    "tracker": lambda w: reverse("agreements:tracker", args=[w.council_x.pk]),
    "attendance": lambda w: reverse("attendance:stats", args=[w.council_x.pk]),
    "checkin": lambda w: reverse("sessions_app:checkin", args=[w.session_x.pk]),
    "live": lambda w: reverse("sessions_app:attendance_live", args=[w.session_x.pk]),
    "agreements_mine": lambda w: reverse("agreements:mine"),
    "answer": lambda w: reverse("sessions_app:answer", args=[invitation_token(w.invitation_a)]),
}
STAFF = ["dashboard", "sessions", "council", "session", "tracker", "attendance", "checkin", "live"]
DELEGATE = ["dashboard", "council", "session", "agreements_mine"]
# A page from the cache: the login (session row, user), who the viewer is (councils they keep, their person),
# what the page's key needs (which councils; the access check) and nothing it shows.
MOST_FROM_THE_CACHE = 6


@pytest.mark.parametrize("page", STAFF)
def test_staff_pages_issue_the_same_queries_at_both_sizes(client, world, page):
    AgendaItemFactory(session=world.session_x, kind=AgendaItem.Kind.FOLLOW_UP)
    AgendaItemFactory(session=world.session_x, kind=AgendaItem.Kind.MINUTES_APPROVAL)
    client.force_login(world.staff_x)
    _grow(world, 2)
    small, small_cached = _count(client, PAGES[page](world))
    _grow(world, 12)
    assert _count(client, PAGES[page](world)) == (small, small_cached)
    assert small_cached <= MOST_FROM_THE_CACHE < small


@pytest.mark.parametrize("page", DELEGATE)
def test_delegate_pages_issue_the_same_queries_at_both_sizes(client, world, page):
    AgreementFactory(session=world.session_x).responsible.add(world.seat_a.institution)  # "Acuerdos de mi institución"
    client.force_login(world.delegate_a)
    _grow(world, 2)
    small, small_cached = _count(client, PAGES[page](world))
    _grow(world, 12)
    assert _count(client, PAGES[page](world)) == (small, small_cached)
    assert small_cached <= MOST_FROM_THE_CACHE < small


def test_the_answer_link_issues_the_same_queries_at_both_sizes(client, world):
    world.session_x.status = Session.Status.CONVENED
    world.session_x.save()
    _grow(world, 2)
    small, small_cached = _count(client, PAGES["answer"](world))
    _grow(world, 12)
    assert _count(client, PAGES["answer"](world)) == (small, small_cached)
    assert small_cached <= 2 < small  # the invitation of the token (and the session's lock-free read), no more
