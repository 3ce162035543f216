"""Browser journeys in Debian's Chromium, driven by Playwright against the live test server.

Outside CI, with no Chromium installed, these tests skip with a stated reason;
in CI (CI=true) a missing Chromium is an error.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.permissions import Viewer, must_use_two_factor
from tests.members.factories import TwoFactorDeviceFactory, totp_code

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CLOSED_NETWORK_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI needs Chromium for the browser journeys and none is at {CHROMIUM}.")
    skip = pytest.mark.skip(reason=f"Chromium no está instalado ({CHROMIUM}); instale el paquete Debian 'chromium'.")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CLOSED_NETWORK_FLAGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp lets the test inject axe-core; the app's own pages still run under their CSP.
    return {**browser_context_args, "locale": "es-MX", "bypass_csp": True, "viewport": {"width": 1280, "height": 900}}


def log_in(page, base_url: str, username: str, password: str = "clave-de-prueba-123"):
    """Log in through the login form, as a person would; with the code of their app where they must have one.

    Those who must use two-factor sign-in (council staff, admins) get an enrolled
    app if they have none (enrolment itself is ``test_two_factor``'s journey) and
    type its current code in the second step.
    """
    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and must_use_two_factor(Viewer(user)):
        device = TwoFactorDeviceFactory(user=user)
    page.goto(f"{base_url}/cuenta/entrar/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_load_state()
    if device is not None:
        assert "/cuenta/verificacion/" in page.url, f"{username} was not asked for the second step: {page.url}"
        page.get_by_label("Código de verificación").fill(totp_code(device))
        page.get_by_role("button", name="Verificar").click()
        page.wait_for_load_state()
    return page


@pytest.fixture
def login(live_server, page):
    """Log in through the login form, as a person would (``log_in``)."""

    def _login(username, password="clave-de-prueba-123"):
        return log_in(page, live_server.url, username, password)

    return _login


def assert_accessible(page, *, context: str = ""):
    """axe-core on the current page: no violation of serious or critical impact."""
    # Evaluated through the DevTools protocol, not as a <script> tag: the app's CSP forbids inline scripts.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"Accesibilidad {context or page.url}:\n" + "\n".join(serious)


def screenshot(page, name: str):
    """Save a full-page screenshot: under docs/screenshots/ (committed, shown in the README) with
    UPDATE_SCREENSHOTS=1 (`make screenshots`), else under var/screenshots/ so a test run leaves the tree clean.
    """
    folder = ("docs", "screenshots") if os.environ.get("UPDATE_SCREENSHOTS") else ("var", "screenshots")
    target = Path(__file__).resolve().parents[2].joinpath(*folder, f"{name}.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    # 256 colours are plenty for a page of text and flat colours, and make the committed file a third the size.
    from PIL import Image

    with Image.open(target) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(target, optimize=True)
