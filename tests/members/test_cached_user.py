"""The logged-in user kept in the cache (``members.authentication``): one query less per request, same rules."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cached_users")]


@pytest.fixture
def cached_users():
    with override_settings(CACHED_USERS=True):
        yield


def _user_rows_read(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code in (200, 302)
    return sum('FROM "auth_user"' in query["sql"] for query in ctx.captured_queries)


def test_a_logged_in_request_does_not_read_the_users_row_again(client, world):
    client.force_login(world.delegate_a)
    url = reverse("agreements:mine")
    assert client.get(url).status_code == 200
    assert _user_rows_read(client, url) == 0


def test_a_deactivated_user_is_out_at_the_next_request(client, world):
    client.force_login(world.delegate_a)
    url = reverse("agreements:mine")
    assert client.get(url).status_code == 200
    world.delegate_a.is_active = False
    world.delegate_a.save()
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_new_password_ends_the_other_sessions(client, world):
    client.force_login(world.delegate_a)
    url = reverse("agreements:mine")
    assert client.get(url).status_code == 200
    world.delegate_a.set_password("Una-clave-nueva-2026")
    world.delegate_a.save()
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_renamed_user_shows_with_the_new_name(client, world):
    client.force_login(world.delegate_a)
    url = reverse("agreements:mine")
    client.get(url)
    world.delegate_a.first_name, world.delegate_a.last_name = "Rocío", "Garza Treviño"
    world.delegate_a.save()
    assert "Rocío Garza Treviño" in client.get(url).content.decode()
