"""The staff's session list: search words, filters, pages of 25, and only their councils' sessions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app.filters import search_sessions
from sessions_app.models import Session
from tests.council.factories import CouncilFactory, WorkingGroupFactory
from tests.members.factories import UserFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _at(year, month, day):
    return dt.datetime(year, month, day, 10, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def sessions(world):
    """Council X's sessions in 2024 and 2025 in two cities; council Y has one too (world.session_y)."""
    council = world.council_x
    return {
        "first_2024": SessionFactory(council=council, starts_at=_at(2024, 3, 1), city="Monterrey"),
        "second_2024": SessionFactory(council=council, starts_at=_at(2024, 6, 1), venue="Torre Administrativa"),
        "extra_2024": SessionFactory(
            council=council, kind=Session.Kind.EXTRAORDINARY, starts_at=_at(2024, 7, 1), city="San Pedro Garza García"
        ),
        "first_2025": SessionFactory(
            council=council, starts_at=_at(2025, 2, 1), modality=Session.Modality.HYBRID, video_url="https://v.mx/s"
        ),
    }


def _titles(client, **params):
    response = client.get(reverse("sessions_app:list"), params)
    assert response.status_code == 200
    return [session.title for session in response.context["object_list"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("segunda ordinaria 2024", ["second_2024"]),
        ("Segunda Sesión Ordinaria 2024", ["second_2024"]),
        ("extraordinaria", ["extra_2024"]),
        ("san pedro", ["extra_2024"]),
        ("torre", ["second_2024"]),
        ("garcia", ["extra_2024"]),
        ("GARCÍA", ["extra_2024"]),
        ("primera 2025", ["first_2025"]),
    ],
)
def test_search_matches_the_derived_title_the_venue_and_the_city(sessions, text, expected):
    found = search_sessions(Session.objects.filter(council=sessions["first_2024"].council), text)
    assert sorted(found.values_list("pk", flat=True)) == sorted(sessions[name].pk for name in expected)


def test_staff_see_only_their_councils_sessions(client, world, sessions):
    client.force_login(world.staff_x)
    titles = _titles(client)
    assert len(titles) == 5  # four of the fixture and world.session_x
    response = client.get(reverse("sessions_app:list"))
    assert world.session_y.get_absolute_url() not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "extraordinary"}, ["Primera Sesión Extraordinaria 2024"]),
        ({"year": "2025"}, ["Primera Sesión Ordinaria 2025"]),
        ({"modality": "hybrid"}, ["Primera Sesión Ordinaria 2025"]),
        ({"q": "torre", "year": "2024"}, ["Segunda Sesión Ordinaria 2024"]),
    ],
)
def test_filters_narrow_the_list(client, world, sessions, params, expected):
    client.force_login(world.staff_x)
    assert _titles(client, **params) == expected


def test_filter_by_status_and_council(client, world, sessions):
    Session.objects.filter(pk=sessions["first_2024"].pk).update(status=Session.Status.CLOSED)
    client.force_login(world.admin)
    assert _titles(client, status="closed") == ["Primera Sesión Ordinaria 2024"]
    assert _titles(client, council=world.council_y.pk) == [world.session_y.title]


def test_another_councils_filter_value_is_refused_not_shown(client, world, sessions):
    client.force_login(world.staff_x)
    response = client.get(reverse("sessions_app:list"), {"council": world.council_y.pk})
    assert response.status_code == 200
    assert world.session_y.get_absolute_url() not in response.content.decode()
    assert "Seleccione una opción válida" in response.content.decode()


def test_pages_of_25_keep_the_filters(client, world):
    group = WorkingGroupFactory(council=world.council_x)
    for day in range(1, 28):
        SessionFactory(council=world.council_x, working_group=group, starts_at=_at(2024, 1, day), number=day)
    client.force_login(world.staff_x)
    response = client.get(reverse("sessions_app:list"), {"year": "2024"})
    assert len(response.context["object_list"]) == 25
    body = response.content.decode()
    assert "Página 1 de 2" in body and "?year=2024&amp;page=2" in body
    second = client.get(reverse("sessions_app:list"), {"year": "2024", "page": 2})
    assert len(second.context["object_list"]) == 2


def test_empty_states_say_what_to_do(client, world):
    client.force_login(world.staff_x)
    assert "Ninguna sesión coincide" in client.get(reverse("sessions_app:list"), {"q": "Tlaxcala"}).content.decode()
    newcomer = UserFactory(username="staff_nuevo")
    CouncilFactory(name="Consejo Nuevo").staff.add(newcomer)
    client.force_login(newcomer)
    assert "Programe la primera" in client.get(reverse("sessions_app:list")).content.decode()


def test_delegates_are_refused(client, world):
    client.force_login(world.delegate_a)
    assert client.get(reverse("sessions_app:list")).status_code == 403
