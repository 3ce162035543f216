"""Who may use the secretariat's council pages: staff of that council and admins; never delegates or other staff."""

import pytest
from django.urls import reverse

from council.models import Seat
from tests.council.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


def _council_urls(council, seat, group):
    return [
        reverse("council:edit", args=[council.pk]),
        reverse("council:seat_create", args=[council.pk]),
        reverse("council:seat_edit", args=[council.pk, seat.pk]),
        reverse("council:seat_archive", args=[council.pk, seat.pk]),
        reverse("council:group_create", args=[council.pk]),
        reverse("council:group_edit", args=[council.pk, group.pk]),
        reverse("attendance:stats", args=[council.pk]),
        reverse("attendance:csv", args=[council.pk]),
    ]


@pytest.fixture
def urls(world):
    group_x = WorkingGroupFactory(council=world.council_x)
    group_y = WorkingGroupFactory(council=world.council_y)
    return {
        "x": _council_urls(world.council_x, world.seat_a, group_x),
        "y": _council_urls(world.council_y, world.seat_b, group_y),
        "global": [reverse("council:list"), reverse("council:create")],
    }


def test_anonymous_users_are_sent_to_the_login(client, urls):
    for url in urls["x"] + urls["global"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_delegates_get_403_on_every_management_page(client, world, urls):
    client.force_login(world.delegate_a)
    for url in urls["x"] + urls["global"]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code in (403, 405), url


def test_staff_of_one_council_cannot_see_or_change_another(client, world, urls):
    """Staff of X get 403 on Y's seats, groups and statistics, and their posts change nothing."""
    client.force_login(world.staff_x)
    for url in urls["y"]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Intruso", "role": "member"}).status_code == 403, url
    world.seat_b.refresh_from_db()
    assert world.seat_b.archived_at is None
    assert Seat.objects.filter(council=world.council_y).count() == 1
    assert client.get(reverse("council:create")).status_code == 403


def test_staff_and_admins_open_their_pages(client, world, urls):
    client.force_login(world.staff_x)
    for url in urls["x"] + [reverse("council:list")]:
        assert client.get(url).status_code == 200, url
    client.force_login(world.admin)
    for url in urls["x"] + urls["y"] + urls["global"]:
        assert client.get(url).status_code == 200, url


def test_unknown_councils_are_404(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("council:edit", args=[999999])).status_code == 404
    assert client.get(reverse("attendance:stats", args=[999999])).status_code == 404
