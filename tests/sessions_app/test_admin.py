"""Invalid data entered in the Django admin is refused with a clear message, never a 500."""

import pytest
from django.urls import reverse

from sessions_app.models import Session
from tests.council.factories import CouncilFactory, SeatFactory
from tests.members.factories import PersonFactory, UserFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def _session_data(council, start="2026-03-10 10:00:00", end="2026-03-10 12:00:00", number=""):
    return {
        "council": council.pk,
        "kind": "ordinary",
        "number": number,
        "starts_at_0": start.split()[0],
        "starts_at_1": start.split()[1],
        "ends_at_0": end.split()[0],
        "ends_at_1": end.split()[1],
        "venue": "Palacio de Gobierno",
        "city": "Monterrey",
        "modality": "in_person",
        "status": "draft",
        **{
            f"{prefix}-{key}": value
            for prefix in ("agenda_items", "invitations")
            for key, value in {
                "TOTAL_FORMS": "0",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
            }.items()
        },
    }


def test_admin_assigns_the_next_session_number(admin_client):
    council = CouncilFactory()
    response = admin_client.post(reverse("admin:sessions_app_session_add"), _session_data(council))
    assert response.status_code == 302
    assert Session.objects.get(council=council).title == "Primera Sesión Ordinaria 2026"


def test_admin_refuses_a_session_that_ends_before_it_starts(admin_client):
    council = CouncilFactory()
    data = _session_data(council, end="2026-03-10 09:00:00")
    response = admin_client.post(reverse("admin:sessions_app_session_add"), data)
    assert response.status_code == 200
    assert "La sesión debe terminar después de empezar." in response.content.decode()
    assert not Session.objects.filter(council=council).exists()


def test_admin_refuses_a_duplicate_session_number(admin_client):
    existing = SessionFactory(starts_at=__import__("django.utils.timezone").utils.timezone.now())
    data = _session_data(
        existing.council,
        start=existing.starts_at.strftime("%Y-%m-%d %H:%M:%S"),
        end=existing.ends_at.strftime("%Y-%m-%d %H:%M:%S"),
        number=existing.number,
    )
    data["starts_at_0"] = data["starts_at_0"]
    response = admin_client.post(reverse("admin:sessions_app_session_add"), data)
    assert response.status_code == 200
    assert "Ya existe la Primera Sesión Ordinaria" in response.content.decode()
    assert Session.objects.filter(council=existing.council).count() == 1


def test_admin_refuses_a_suplente_of_another_institution(admin_client):
    seat = SeatFactory()
    outsider = PersonFactory(full_name="Persona Ajena")
    url = reverse("admin:council_seat_change", args=[seat.pk])
    data = {
        "council": seat.council.pk,
        "institution": seat.institution.pk,
        "role": "member",
        "has_vote": "on",
        "principal": seat.principal.pk,
        "order": 1,
        "valid_from": "2022-01-01",
        "alternate_links-TOTAL_FORMS": "1",
        "alternate_links-INITIAL_FORMS": "0",
        "alternate_links-MIN_NUM_FORMS": "0",
        "alternate_links-MAX_NUM_FORMS": "1000",
        "alternate_links-0-person": outsider.pk,
        "alternate_links-0-order": 1,
        "alternate_links-0-seat": seat.pk,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "La persona suplente debe pertenecer a la institución del lugar." in response.content.decode()
    assert not seat.alternate_links.exists()


@pytest.mark.parametrize(
    "model",
    [
        "members/institution",
        "members/person",
        "council/council",
        "council/seat",
        "council/workinggroup",
        "sessions_app/session",
        "sessions_app/agendaitem",
        "sessions_app/invitation",
        "sessions_app/agreement",
        "sessions_app/document",
        "sessions_app/minutes",
        "sessions_app/vote",
        "sessions_app/informativenote",
    ],
)
def test_every_model_has_an_admin_list_and_add_page(admin_client, model):
    SessionFactory()
    assert admin_client.get(f"/admin/{model}/").status_code == 200
    assert admin_client.get(f"/admin/{model}/add/").status_code == 200
    assert admin_client.get(f"/admin/{model}/", {"q": "Consejo"}).status_code == 200
