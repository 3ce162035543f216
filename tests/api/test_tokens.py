"""Personal API tokens: shown once, kept as a hash, scoped, expiring, revocable; the pages that manage them."""

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.services import token_create
from sessions_app.models import AgendaItem
from tests.api.conftest import bearer_client
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_database_keeps_only_the_hash(world):
    """The plain token is nowhere in the database: only its SHA-256 and its first characters."""
    token, plain = token_create(
        user=world.staff_x, name="Tablero", scope="read", expires_at=timezone.now() + dt.timedelta(days=7)
    )
    assert plain.startswith("ses_") and len(plain) > 40
    assert token.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain.startswith(token.prefix) and len(token.prefix) < len(plain) // 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        rows = cursor.fetchall()
    assert rows and not any(plain in str(value) for row in rows for value in row)


def test_a_token_reads_as_its_user_and_records_its_use(world):
    client = bearer_client(world.staff_x, scope="read")
    assert client.token.last_used_at is None
    response = client.get("/api/v1/sessions")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["items"]] == [world.session_x.pk]  # not council Y's
    client.token.refresh_from_db()
    assert client.token.last_used_at is not None


def test_a_read_token_is_refused_every_write_and_nothing_changes(world):
    client = bearer_client(world.staff_x, scope="read")
    url = f"/api/v1/sessions/{world.session_x.pk}/agenda"
    response = client.post(url, {"title": "Informe"}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "token_read_only"
    assert not AgendaItem.objects.filter(session=world.session_x).exists()
    writer = bearer_client(world.staff_x, scope="write")
    assert writer.post(url, {"title": "Informe"}, content_type="application/json").status_code == 201


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"revoked_at": timezone.now()}, "token_revoked"),
        ({"expires_at": timezone.now() - dt.timedelta(seconds=1)}, "token_expired"),
    ],
)
def test_a_revoked_or_expired_token_is_a_401(world, change, code):
    client = bearer_client(world.staff_x)
    ApiToken.objects.filter(pk=client.token.pk).update(**change)
    response = client.get("/api/v1/sessions")
    assert response.status_code == 401
    assert response.json()["code"] == code
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer ses_inventado", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 500])
def test_no_token_or_an_unknown_one_is_a_401(client, db, header):
    response = client.get("/api/v1/sessions", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] in ("not_authenticated", "token_invalid")


def test_a_deactivated_account_stops_its_tokens(world):
    client = bearer_client(world.staff_x)
    world.staff_x.is_active = False
    world.staff_x.save()
    assert client.get("/api/v1/sessions").json()["code"] == "user_inactive"


def test_a_token_loses_what_its_user_loses(world):
    """A token acts with its user's permissions as they are now, not as they were when it was made."""
    client = bearer_client(world.staff_x)
    url = f"/api/v1/sessions/{world.session_x.pk}"
    assert client.get(url).status_code == 200
    world.council_x.staff.remove(world.staff_x)
    assert client.get(url).status_code == 403


def test_a_service_token_sees_only_its_council(world):
    """An admin's service token for council X: X's sessions, never Y's, though its admin sees everything."""
    client = bearer_client(world.admin, council=world.council_x)
    ids = [row["id"] for row in client.get("/api/v1/sessions").json()["items"]]
    assert ids == [world.session_x.pk]
    assert client.get(f"/api/v1/sessions/{world.session_y.pk}").status_code == 403
    assert client.get(f"/api/v1/councils/{world.council_y.pk}").status_code == 403
    assert client.get(f"/api/v1/councils/{world.council_x.pk}").status_code == 200


def test_only_a_platform_admin_issues_service_tokens(world):
    with pytest.raises(Exception, match="tokens de servicio"):
        token_create(
            user=world.staff_x,
            name="Servicio",
            scope="read",
            council=world.council_x,
            expires_at=timezone.now() + dt.timedelta(days=7),
        )


def test_a_service_token_outlives_no_loss_of_admin_rights(world):
    client = bearer_client(world.admin, council=world.council_x)
    world.admin.is_superuser = False
    world.admin.save()
    assert client.get("/api/v1/sessions").json()["count"] == 0


# --- The pages ---


def test_a_new_token_is_shown_once_then_only_its_start(client, world):
    client.force_login(world.delegate_a)
    page = client.get(reverse("api_tokens:create"))
    assert page.status_code == 200
    assert "council" not in page.context["form"].fields  # service tokens are the admins'
    response = client.post(reverse("api_tokens:create"), {"name": "Portal", "scope": "read", "days": "30"})
    assert response.status_code == 302
    token = ApiToken.objects.get(user=world.delegate_a)
    shown = client.get(response["Location"]).content.decode()
    plain = shown.split('id="token-nuevo"')[1].split('value="')[1].split('"')[0]
    assert hashlib.sha256(plain.encode()).hexdigest() == token.key_hash
    again = client.get(reverse("api_tokens:list")).content.decode()
    assert plain not in again and token.prefix in again
    assert bearer_client_for(plain).get("/api/v1/sessions").status_code == 200


def bearer_client_for(plain):
    from django.test import Client

    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def test_the_same_form_sent_twice_makes_one_token(client, world):
    client.force_login(world.staff_x)
    data = {"name": "Portal", "scope": "write", "days": "7", "form_token": "una-vez"}
    first = client.post(reverse("api_tokens:create"), data)
    second = client.post(reverse("api_tokens:create"), data)
    assert first.status_code == second.status_code == 302
    assert ApiToken.objects.filter(user=world.staff_x).count() == 1


def test_a_name_is_required_and_nothing_is_made_without_it(client, world):
    client.force_login(world.staff_x)
    response = client.post(reverse("api_tokens:create"), {"name": " ", "scope": "read", "days": "7"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_and_stops_the_token(client, world):
    api = bearer_client(world.staff_x)
    client.force_login(world.staff_x)
    url = reverse("api_tokens:revoke", args=[api.token.pk])
    assert "Sí, revocar" in client.get(url).content.decode()
    assert api.get("/api/v1/sessions").status_code == 200
    assert client.post(url).status_code == 302
    assert api.get("/api/v1/sessions").status_code == 401
    assert "Revocado" in client.get(reverse("api_tokens:list")).content.decode()


def test_nobody_sees_or_revokes_anyone_elses_token(client, world):
    api = bearer_client(world.staff_x)
    client.force_login(world.admin)
    url = reverse("api_tokens:revoke", args=[api.token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    api.token.refresh_from_db()
    assert api.token.revoked_at is None
    assert "Pruebas" not in client.get(reverse("api_tokens:list")).content.decode()


def test_an_admin_issues_a_service_token_from_the_page(client, world):
    client.force_login(world.admin)
    data = {"name": "Sistema estatal", "scope": "read", "days": "90", "council": str(world.council_y.pk)}
    assert client.post(reverse("api_tokens:create"), data).status_code == 302
    assert ApiToken.objects.get(user=world.admin).council == world.council_y


def test_a_delegate_cannot_slip_a_council_in(client, world):
    client.force_login(world.delegate_a)
    data = {"name": "Intento", "scope": "read", "days": "90", "council": str(world.council_x.pk)}
    client.post(reverse("api_tokens:create"), data)
    assert ApiToken.objects.get(user=world.delegate_a).council is None


def test_the_account_page_links_the_tokens(client, world):
    client.force_login(UserFactory())
    assert reverse("api_tokens:list") in client.get(reverse("account:security")).content.decode()
