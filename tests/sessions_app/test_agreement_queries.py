"""The agreement pages issue a fixed number of queries whatever the number of agreements and reports."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import AgendaItem, Session
from sessions_app.services.agreements import agreement_create, agreement_report_progress
from tests.members.factories import InstitutionFactory
from tests.sessions_app.factories import AgendaItemFactory, InvitationFactory, SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_minute")]


@pytest.fixture
def council_x(world):
    world.held = SessionFactory(
        council=world.council_x, starts_at=timezone.now() - dt.timedelta(days=30), status=Session.Status.HELD
    )
    InvitationFactory(session=world.held, institution=world.seat_a.institution, seat=world.seat_a)
    world.first = agreement_create(session=world.held, text="Primer acuerdo", responsible=[world.seat_a.institution])
    AgendaItemFactory(session=world.session_x, kind=AgendaItem.Kind.FOLLOW_UP)
    return world


def _grow(world, n):
    """n more agreements of A's, each with its own extra institution and two progress reports (one on the first)."""
    for i in range(n):
        agreement = agreement_create(
            session=world.held,
            text=f"Acuerdo {i}",
            responsible=[world.seat_a.institution, InstitutionFactory()],
            due_date=timezone.localdate() - dt.timedelta(days=i % 3),
        )
        agreement_report_progress(agreement=agreement, text="Avance", author=world.staff_x, institution=None)
        agreement_report_progress(agreement=world.first, text=f"Avance {i}", author=world.delegate_a, institution=None)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("user", "page"),
    [
        ("staff_x", "tracker"),
        ("staff_x", "tracker_filtered"),
        ("staff_x", "csv"),
        ("staff_x", "detail"),
        ("delegate_a", "detail"),
        ("delegate_a", "dashboard"),
        ("delegate_a", "mine"),
        ("staff_x", "follow_up"),
    ],
)
def test_agreement_pages_keep_a_fixed_number_of_queries(client, council_x, user, page):
    world = council_x
    tracker = reverse("agreements:tracker", args=[world.council_x.pk])
    url = {
        "tracker": tracker,
        "tracker_filtered": f"{tracker}?status=in_progress&overdue=on&institution={world.seat_a.institution.pk}",
        "csv": reverse("agreements:tracker_csv", args=[world.council_x.pk]),
        "detail": world.first.get_absolute_url(),
        "dashboard": reverse("dashboard"),
        "mine": reverse("agreements:mine"),
        "follow_up": world.session_x.get_absolute_url(),
    }[page]
    client.force_login(getattr(world, user))
    _grow(world, 2)
    small = _count(client, url)
    _grow(world, 12)
    large = _count(client, url)
    assert small == large
