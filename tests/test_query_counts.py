"""The pages of the bench issue as many queries on a small council as on one with years of history.

The same pages as ``make bench`` (dashboard, session page, agreements tracker,
attendance statistics), as the council's staff and, where they may, as a
delegate; counted with an empty cache (the first request after a change),
then again after adding sessions, invitations, agenda items and agreements.
No timing here: ``make bench`` measures time.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import AgendaItem, Invitation, Session
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import AgendaItemFactory, AgreementFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


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


def _count(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = {
    "dashboard": lambda w: reverse("dashboard"),
    "session": lambda w: w.session_x.get_absolute_url(),
    "tracker": lambda w: reverse("agreements:tracker", args=[w.council_x.pk]),
    "attendance": lambda w: reverse("attendance:stats", args=[w.council_x.pk]),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_staff_pages_issue_the_same_queries_at_both_sizes(client, world, page):
    AgendaItemFactory(session=world.session_x, kind=AgendaItem.Kind.FOLLOW_UP)
    AgendaItemFactory(session=world.session_x, kind=AgendaItem.Kind.MINUTES_APPROVAL)
    client.force_login(world.staff_x)
    _grow(world, 2)
    small = _count(client, PAGES[page](world))
    _grow(world, 12)
    assert _count(client, PAGES[page](world)) == small


@pytest.mark.parametrize("page", ["dashboard", "session"])
def test_delegate_pages_issue_the_same_queries_at_both_sizes(client, world, page):
    client.force_login(world.delegate_a)
    _grow(world, 2)
    small = _count(client, PAGES[page](world))
    _grow(world, 12)
    assert _count(client, PAGES[page](world)) == small
