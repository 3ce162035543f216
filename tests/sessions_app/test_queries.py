"""The session pages of the secretariat keep a fixed number of queries whatever the size of the data."""

import datetime as dt
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import AgendaItem
from sessions_app.services.annexes import annex_archive, annex_upload
from tests.council.factories import SeatFactory, WorkingGroupFactory
from tests.sessions_app.factories import AgreementFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db

NUMBERS = itertools.count(100)  # session numbers that never collide with the factories'


@pytest.fixture
def item(world):
    return AgendaItem.objects.create(session=world.session_x, order=1, title="Programa Estatal")


def _grow(world, item, n):
    """Add n sessions (some of a working group, invited to A), agenda items with presenters and agreements,
    annexes (some archived) and invitations to council X."""
    group = WorkingGroupFactory(council=world.council_x)
    month_start = timezone.localtime(world.session_x.starts_at).replace(day=1, hour=9)
    for i in range(n):
        session = SessionFactory(
            council=world.council_x,
            working_group=group if i % 2 else None,
            starts_at=month_start + dt.timedelta(days=i % 27, minutes=i),
            number=next(NUMBERS),
        )
        InvitationFactory(session=session, institution=world.seat_a.institution)
        seat = SeatFactory(council=world.council_x)
        InvitationFactory(session=world.session_x, institution=seat.institution, seat=seat)
        agenda_item = AgendaItem.objects.create(
            session=world.session_x,
            order=AgendaItem.objects.filter(session=world.session_x).count() + 1,
            title=f"Informe {i}",
            presenter_institution=seat.institution,
            presenter=seat.principal,
        )
        AgreementFactory(session=world.session_x, agenda_item=agenda_item)
        document = annex_upload(agenda_item=item, file=SimpleUploadedFile(f"anexo{i}.pdf", b"%PDF-1.7 x"))
        if i % 2:
            annex_archive(document=document)


def _month_url(world):
    starts = timezone.localtime(world.session_x.starts_at)
    return reverse("sessions_app:calendar_month", args=[starts.year, starts.month])


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


PAGES = {
    "list": ("staff_x", lambda world, item: reverse("sessions_app:list")),
    "list_filtered": ("admin", lambda world, item: reverse("sessions_app:list") + "?q=ordinaria&kind=ordinary"),
    "calendar_staff": ("staff_x", lambda world, item: _month_url(world)),
    "calendar_delegate": ("delegate_a", lambda world, item: _month_url(world)),
    "agenda": ("staff_x", lambda world, item: reverse("sessions_app:agenda", args=[world.session_x.pk])),
    "annexes": ("staff_x", lambda world, item: reverse("sessions_app:annexes", args=[world.session_x.pk, item.pk])),
    "session_staff": ("staff_x", lambda world, item: world.session_x.get_absolute_url()),
    "session_delegate": ("delegate_a", lambda world, item: world.session_x.get_absolute_url()),
    "feed": (None, lambda world, item: reverse("sessions_app:feed", args=[world.council_x.feed_token])),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_keep_a_fixed_number_of_queries(client, world, item, page):
    user, url = PAGES[page]
    if user:
        client.force_login(getattr(world, user))
    _grow(world, item, 2)
    small = _queries(client, url(world, item))
    _grow(world, item, 12)
    large = _queries(client, url(world, item))
    assert small == large, f"{page}: {small} queries with little data, {large} with more"


def test_the_list_and_calendar_show_what_was_grown(client, world, item):
    """The measurement above is of full pages, not of empty ones."""
    _grow(world, item, 12)
    client.force_login(world.staff_x)
    assert len(client.get(reverse("sessions_app:list")).context["object_list"]) == 13
    weeks = client.get(_month_url(world)).context["weeks"]
    assert sum(len(day.sessions) for week in weeks for day in week) >= 13
