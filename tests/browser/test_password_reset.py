"""Journey: a delegate who forgot the password asks for a link from the login page, sets a new one and logs in."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from tests.browser.conftest import assert_accessible
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Una-clave-nueva-2026"


def test_a_forgotten_password_is_reset_by_email(live_server, page, settings):
    cache.clear()
    settings.SITE_URL = live_server.url
    UserFactory(username="delegada", email="delegada@ejemplo.gob.mx", first_name="Rosa")
    page.goto(f"{live_server.url}/cuenta/entrar/")
    page.get_by_role("link", name="¿Olvidó su contraseña?").click()
    page.wait_for_load_state()
    assert_accessible(page, context="¿Olvidó su contraseña?")
    page.get_by_label("Correo electrónico de su cuenta").fill("delegada@ejemplo.gob.mx")
    page.get_by_role("button", name="Enviar el enlace").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Revise su correo").is_visible()
    assert_accessible(page, context="revise su correo")

    link = re.search(r"(https?://\S+/cuenta/contrasena/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.wait_for_load_state()
    page.get_by_role("textbox", name="Contraseña nueva*", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirmación de contraseña nueva").fill(NEW_PASSWORD)
    assert_accessible(page, context="definir contraseña")
    page.get_by_role("button", name="Guardar contraseña").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/cuenta/entrar/")
    page.get_by_label("Nombre de usuario").fill("delegada")
    page.get_by_label("Contraseña").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_load_state()
    assert "/cuenta/entrar/" not in page.url, "the new password lets her in"
