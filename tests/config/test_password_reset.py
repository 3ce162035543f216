"""«¿Olvidó su contraseña?»: the link by e-mail, silent about who has an account, throttled, usable once."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Otra-clave-larga-2026"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _ask(client, email, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/cuenta/contrasena/[^\s]+/)", message.body).group(1)


def test_the_login_page_offers_it(client):
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page
    assert "¿Olvidó su contraseña?" in page


def test_a_known_address_receives_a_spanish_link_that_sets_a_new_password(client):
    user = UserFactory(username="delegada", email="Delegada@Ejemplo.gob.mx", first_name="Rosa")
    response = _ask(client, "delegada@ejemplo.gob.mx")
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Delegada@Ejemplo.gob.mx"]
    assert message.subject == "Sesiones: enlace para definir una contraseña nueva"
    assert "Estimada(o) Rosa:" in message.body
    assert "delegada" in message.body

    form_page = client.get(_link(message), follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link is spent once the password changed.
    again = client.get(_link(message), follow=True).content.decode()
    assert "El enlace ya no es válido" in again
    assert reverse("password_reset") in again


def test_an_account_never_given_a_password_gets_the_link_too(client):
    user = UserFactory(username="nueva", email="nueva@ejemplo.gob.mx")
    user.set_unusable_password()
    user.save()
    _ask(client, "nueva@ejemplo.gob.mx")
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("email", ["nadie@ejemplo.gob.mx"])
def test_an_unknown_or_inactive_address_gets_the_same_page_and_no_mail(client, email):
    UserFactory(username="baja", email="baja@ejemplo.gob.mx", is_active=False)
    for address in (email, "baja@ejemplo.gob.mx"):
        response = _ask(client, address)
        assert response.status_code == 302
        assert response.url == reverse("password_reset_done")
    assert mail.outbox == []
    page = client.get(reverse("password_reset_done")).content.decode()
    assert "Si el correo que escribió corresponde a una cuenta activa" in page


def test_an_empty_or_malformed_address_is_refused_beside_the_field(client):
    for value, message in (("", "Escriba el correo de su cuenta."), ("no-es-correo", "Escriba un correo válido.")):
        response = _ask(client, value)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert mail.outbox == []


def test_one_mailbox_is_not_flooded(client, settings):
    settings.PASSWORD_RESET_PER_HOUR = 2
    UserFactory(username="buzon", email="buzon@ejemplo.gob.mx")
    # From different addresses, so only the per-mailbox limit applies.
    for n in range(4):
        response = _ask(client, "buzon@ejemplo.gob.mx", REMOTE_ADDR=f"10.0.0.{n + 1}")
        assert response.status_code == 302  # the page says the same: it does not tell what happened
    assert len(mail.outbox) == 2


def test_one_client_is_throttled_with_a_429(client, settings):
    settings.PASSWORD_RESET_PER_HOUR = 2
    for n in range(2):
        assert _ask(client, f"alguien{n}@ejemplo.gob.mx").status_code == 302
    response = _ask(client, "otro@ejemplo.gob.mx")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3600"
    assert "Se pidieron demasiados enlaces desde esta conexión" in response.content.decode()
