"""The admin's institution pickers and list say where each institution sits."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_autocomplete_names_each_institution_with_its_place(client, world, other_state):
    client.force_login(world.admin)
    params = {"app_label": "members", "model_name": "person", "field_name": "institution", "term": "Institución B"}
    response = client.get(reverse("admin:autocomplete"), params)
    texts = {result["text"] for result in response.json()["results"]}
    b = world.seat_b.institution
    assert texts == {f"Institución B ({b.short_name}) · Nuevo León", "Institución B (IB) · Jalisco"}


def test_the_admin_lists_and_filters_institutions_by_state(client, world, other_state):
    client.force_login(world.admin)
    body = client.get(reverse("admin:members_institution_changelist"), {"state__exact": "14"}).content.decode()
    assert "Jalisco" in body and body.count('class="field-name"') == 2
