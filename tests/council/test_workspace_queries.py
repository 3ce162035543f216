"""The workspace's council pages keep a fixed number of queries whatever the size of the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council.models import SeatAlternate
from council.services.seats import seat_archive
from tests.council.factories import CouncilFactory, SeatFactory, WorkingGroupFactory
from tests.members.factories import PersonFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _grow(world, n):
    """Add n current, archived, expired and future seats, groups with sessions, and councils."""
    today = timezone.localdate()
    for _ in range(n):
        seat = SeatFactory(council=world.council_x)
        SeatAlternate.objects.create(seat=seat, person=PersonFactory(institution=seat.institution))
        seat_archive(seat=SeatFactory(council=world.council_x))
        SeatFactory(council=world.council_x, valid_from=today - dt.timedelta(days=90), valid_to=today)
        SeatFactory(council=world.council_x, valid_from=today - dt.timedelta(days=90), valid_to=today - dt.timedelta(1))
        SeatFactory(council=world.council_x, valid_from=today + dt.timedelta(days=9))
        group = WorkingGroupFactory(council=world.council_x, formed_at=world.session_x)
        group.members.add(seat.institution)
        SessionFactory(council=world.council_x, working_group=group, number=1)
        council = CouncilFactory()
        council.staff.add(world.staff_x)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("page", "user"),
    [("list", "staff_x"), ("list", "admin"), ("detail", "staff_x"), ("detail", "admin"), ("detail", "delegate_a")],
)
def test_council_pages_keep_a_fixed_number_of_queries(client, world, page, user):
    url = reverse("council:list") if page == "list" else world.council_x.get_absolute_url()
    client.force_login(getattr(world, user))
    _grow(world, 2)
    small = _queries(client, url)
    _grow(world, 15)
    large = _queries(client, url)
    assert small == large
