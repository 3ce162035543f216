"""Each read-only page issues a fixed number of queries whatever the size of the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import SeatAlternate
from tests.council.factories import GuestSeatFactory, SeatFactory, WorkingGroupFactory
from tests.members.factories import PersonFactory
from tests.sessions_app.factories import AgendaItemFactory, AgreementFactory, InvitationFactory

pytestmark = pytest.mark.django_db


def _grow(world, n):
    """Add n of everything the pages loop over to council X and its session."""
    for _ in range(n):
        seat = SeatFactory(council=world.council_x)
        SeatAlternate.objects.create(seat=seat, person=PersonFactory(institution=seat.institution))
        GuestSeatFactory(council=world.council_x)
        group = WorkingGroupFactory(council=world.council_x, formed_at=world.session_x)
        group.members.add(seat.institution)
        InvitationFactory(session=world.session_x, institution=seat.institution, seat=seat, attendee=seat.principal)
        AgendaItemFactory(session=world.session_x)
        agreement = AgreementFactory(session=world.session_x)
        agreement.responsible.add(seat.institution)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("user", ["staff_x", "delegate_a", "admin"])
@pytest.mark.parametrize("page", ["dashboard", "council", "session"])
def test_pages_keep_a_fixed_number_of_queries(client, world, user, page):
    url = {
        "dashboard": reverse("dashboard"),
        "council": world.council_x.get_absolute_url(),
        "session": world.session_x.get_absolute_url(),
    }[page]
    client.force_login(getattr(world, user))
    _grow(world, 2)
    small = _queries(client, url)
    _grow(world, 15)
    large = _queries(client, url)
    assert small == large
