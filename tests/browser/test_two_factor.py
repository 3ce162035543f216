"""Journey: a secretariat's staff member sets up two-factor sign-in on first login, then enters with a code."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.browser.conftest import assert_accessible
from tests.council.factories import CouncilFactory
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code_from_secret(secret: str, ahead: int = 0) -> str:
    """What an authenticator app set up with the secret typed by hand shows (``ahead`` steps later)."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time += ahead * totp.step
    return f"{totp.token():06d}"


def test_staff_enrol_on_first_login_and_then_enter_with_a_code(live_server, page):
    council = CouncilFactory(name="Consejo Estatal de Prueba")
    council.staff.add(UserFactory(username="secretaria_nueva"))

    page.goto(f"{live_server.url}/cuenta/entrar/")
    page.get_by_label("Nombre de usuario").fill("secretaria_nueva")
    page.get_by_label("Contraseña").fill("clave-de-prueba-123")
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_load_state()

    # Sent to enrol before any page: the QR code (an image with its text) and the secret to type by hand.
    assert page.get_by_role("heading", name="Activar la verificación en dos pasos").is_visible()
    assert page.get_by_role("img", name="Código QR").is_visible()
    assert_accessible(page, context="activar la verificación en dos pasos")
    secret = page.locator("#clave-secreta").inner_text()
    page.get_by_label("Código de 6 dígitos que muestra la aplicación").fill(_code_from_secret(secret))
    page.get_by_role("button", name="Activar").click()
    page.wait_for_load_state()

    # Ten recovery codes, with a download; then on to the dashboard.
    assert page.get_by_role("heading", name="Códigos de recuperación").is_visible()
    assert page.get_by_role("list", name="Códigos de recuperación").get_by_role("listitem").count() == 10
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar como archivo de texto").click()
    assert download.value.suggested_filename == "sesiones-codigos-de-recuperacion.txt"
    # The clicked link keeps focus and hover, mid-way through Bootstrap's colour transition: let it settle first.
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(400)
    assert_accessible(page, context="códigos de recuperación")
    page.get_by_role("link", name="Ya los guardé, continuar").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Próximas sesiones").is_visible()

    # Next time: the password, then the code.
    page.get_by_role("button", name="Salir").click()
    page.wait_for_load_state()
    page.get_by_label("Nombre de usuario").fill("secretaria_nueva")
    page.get_by_label("Contraseña").fill("clave-de-prueba-123")
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Verificación en dos pasos").is_visible()
    assert_accessible(page, context="segundo paso")
    page.get_by_label("Código de verificación").fill(_code_from_secret(secret, ahead=1))  # now's was used
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Próximas sesiones").is_visible()
