"""Votes and actas keep the pages that show them at a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import AgendaItem, Minutes, MinutesComment, Session, Vote
from sessions_app.services.votes import vote_record
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import AgendaItemFactory, InvitationFactory, SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_minute")]


@pytest.fixture
def sitting(world):
    session = SessionFactory(
        council=world.council_x,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        status=Session.Status.CONVENED,
        quorum_met=True,
    )
    InvitationFactory(session=session, institution=world.seat_a.institution, seat=world.seat_a, attended=True)
    AgendaItemFactory(session=session, order=1, kind=AgendaItem.Kind.MINUTES_APPROVAL)
    earlier = SessionFactory(council=world.council_x, starts_at=timezone.now() - dt.timedelta(days=40))
    minutes = Minutes.objects.create(session=earlier, body="Acta", status=Minutes.Status.CIRCULATED)
    world.__dict__.update(sitting=session, earlier=earlier, earlier_minutes=minutes, orders=iter(range(2, 1000)))
    return world


def _grow(world, n):
    """n more voting seats present, n more items voted by majority, n more comments on the earlier acta."""
    for _ in range(n):
        seat = SeatFactory(council=world.council_x)
        InvitationFactory(session=world.sitting, institution=seat.institution, seat=seat, attended=True)
        MinutesComment.objects.create(minutes=world.earlier_minutes, institution=seat.institution, text="Comentario")
    for _ in range(n):
        item = AgendaItemFactory(session=world.sitting, order=next(world.orders), kind=AgendaItem.Kind.FOR_AGREEMENT)
        ballots = dict.fromkeys(world.sitting.invitations.values_list("pk", flat=True), "for")
        vote_record(item=item, method=Vote.Method.MAJORITY, ballots=ballots)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["session", "vote", "minutes"])
def test_vote_and_minutes_pages_keep_a_fixed_number_of_queries(client, sitting, page):
    client.force_login(sitting.staff_x)
    _grow(sitting, 2)
    item = sitting.sitting.agenda_items.filter(kind=AgendaItem.Kind.FOR_AGREEMENT).first()
    url = {
        "session": sitting.sitting.get_absolute_url(),
        "vote": reverse("sessions_app:vote", args=[sitting.sitting.pk, item.pk]),
        "minutes": reverse("sessions_app:minutes", args=[sitting.earlier.pk]),
    }[page]
    small = _count(client, url)
    _grow(sitting, 10)
    assert _count(client, url) == small
