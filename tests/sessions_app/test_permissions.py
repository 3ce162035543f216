"""Management pages of sessions: staff of the council only; other councils' staff and delegates get 403."""

import pytest
from django.urls import reverse

from sessions_app.models import Session

pytestmark = pytest.mark.django_db


def management_urls(world):
    """Every management page about council X or its session, as staff of X reach it with GET."""
    session = world.session_x
    return {
        "create": reverse("sessions_app:create", args=[world.council_x.pk]),
        "update": reverse("sessions_app:update", args=[session.pk]),
        "status": reverse("sessions_app:status", args=[session.pk, "cancel"]),
    }


NAMES = ["create", "update", "status"]


@pytest.mark.parametrize("name", NAMES)
def test_staff_of_the_council_reach_every_management_page(client, world, name):
    client.force_login(world.staff_x)
    assert client.get(management_urls(world)[name]).status_code == 200


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("user", ["staff_y", "delegate_a", "delegate_b"])
def test_other_councils_staff_and_delegates_get_403(client, world, user, name):
    client.force_login(getattr(world, user))
    url = management_urls(world)[name]
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Intento ajeno", "venue": "Otra"}).status_code == 403
    world.session_x.refresh_from_db()
    assert world.session_x.status == Session.Status.CONVENED
    assert world.session_x.venue == "Palacio de Gobierno"


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_users_are_sent_to_login(client, world, name):
    response = client.get(management_urls(world)[name])
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", NAMES)
def test_platform_admins_manage_every_council(client, world, name):
    client.force_login(world.admin)
    assert client.get(management_urls(world)[name]).status_code == 200


def test_unknown_sessions_and_councils_are_404(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("sessions_app:create", args=[999999])).status_code == 404
    assert client.get(reverse("sessions_app:update", args=[999999])).status_code == 404
    assert client.get(reverse("sessions_app:status", args=[999999, "cancel"])).status_code == 404
