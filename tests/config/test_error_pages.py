"""The pages of HTTP errors speak Spanish, keep the site's layout and link the privacy notice."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_forbidden_page_says_so_in_spanish(client, world):
    client.force_login(world.delegate_a)
    response = client.get(reverse("council:edit", args=[world.council_y.pk]))
    body = response.content.decode()
    assert response.status_code == 403
    assert "No tiene permiso para ver esta página" in body
    assert f'href="{reverse("privacy")}"' in body


def test_a_missing_page_says_so_in_spanish(client):
    client.force_login(UserFactory())
    response = client.get("/no-existe/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "No encontramos esta página" in body
    assert f'href="{reverse("privacy")}"' in body


def test_the_server_error_page_renders_without_a_request_context():
    """Django renders 500.html with an empty context: it must not need the user, the menus or the database."""
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Algo salió mal de nuestro lado" in body
    assert f'href="{reverse("privacy")}"' in body
