"""What each role sees on the read-only pages, and what it may not see."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_anonymous_users_are_sent_to_the_login(client, world):
    for url in [reverse("dashboard"), world.council_x.get_absolute_url(), world.session_x.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_page_is_in_spanish(client):
    body = client.get(reverse("login")).content.decode()
    assert "Iniciar sesión" in body and "Aviso de privacidad" in body


def test_staff_see_their_council_and_not_the_other(client, world):
    assert _get(client, world.staff_x, world.council_x.get_absolute_url()).status_code == 200
    assert _get(client, world.staff_x, world.council_y.get_absolute_url()).status_code == 403
    assert _get(client, world.staff_x, world.session_y.get_absolute_url()).status_code == 403


def test_staff_see_every_invitation_of_their_session(client, world):
    body = _get(client, world.staff_x, world.session_x.get_absolute_url()).content.decode()
    assert "Institución A" in body and "Instituciones convocadas" in body


def test_delegates_see_only_their_institutions_councils_and_sessions(client, world):
    assert _get(client, world.delegate_a, world.council_x.get_absolute_url()).status_code == 200
    assert _get(client, world.delegate_a, world.session_x.get_absolute_url()).status_code == 200
    assert _get(client, world.delegate_a, world.council_y.get_absolute_url()).status_code == 403
    assert _get(client, world.delegate_a, world.session_y.get_absolute_url()).status_code == 403


def test_delegates_see_their_own_invitation_only(client, world):
    from tests.sessions_app.factories import InvitationFactory

    InvitationFactory(session=world.session_x, institution__name="Otra Institución Convocada")
    body = _get(client, world.delegate_a, world.session_x.get_absolute_url()).content.decode()
    assert "Su convocatoria" in body
    assert "Institución A" in body
    assert "Otra Institución Convocada" not in body


def test_dashboard_lists_what_each_role_may_see(client, world):
    body = _get(client, world.staff_x, reverse("dashboard")).content.decode()
    assert "Consejo X" in body and "Consejo Y" not in body
    client.logout()
    body = _get(client, world.delegate_b, reverse("dashboard")).content.decode()
    assert "Consejo Y" in body and "Consejo X" not in body
    assert "por responder" in body
    client.logout()
    body = _get(client, world.admin, reverse("dashboard")).content.decode()
    assert "Consejo X" in body and "Consejo Y" in body


def test_admin_sees_every_council(client, world):
    assert _get(client, world.admin, world.council_y.get_absolute_url()).status_code == 200


def test_unknown_objects_are_404(client, world):
    assert _get(client, world.admin, reverse("council:detail", args=[999999])).status_code == 404
    assert _get(client, world.admin, reverse("sessions_app:detail", args=[999999])).status_code == 404


def test_privacy_notice_is_public(client):
    body = client.get(reverse("privacy")).content.decode()
    assert "Aviso de privacidad simplificado" in body and "Aviso de privacidad integral" in body


def test_the_interface_switches_to_english_and_back(client, world):
    client.force_login(world.staff_x)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Upcoming sessions" in client.get(reverse("dashboard")).content.decode()
    client.post(reverse("set_language"), {"language": "es-mx", "next": "/"})
    assert "Próximas sesiones" in client.get(reverse("dashboard")).content.decode()
