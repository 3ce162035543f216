"""Two-factor sign-in: who must use it, enrolment, the second step, recovery codes, throttling, the account page."""

import re
from binascii import unhexlify
from datetime import timedelta
from io import StringIO
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.services.two_factor import RECOVERY_CODE_COUNT
from members.views.account import PENDING_KEY_SESSION_KEY
from tests.members.factories import TwoFactorDeviceFactory, UserFactory, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "clave-de-prueba-123"
VERIFY = reverse("account:two_factor_verify")
ENROL = reverse("account:two_factor_enrol")


def _log_in(client, user):
    """Through the login form, with the password: the second step is still owed."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return response


def _enrolled(user):
    """The user set up an app and got recovery codes, as enrolment leaves them."""
    device = TwoFactorDeviceFactory(user=user)
    static = user.staticdevice_set.create(name="recuperacion")
    codes = [f"codigo{index:02d}" for index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return device, codes


def _text(response) -> str:
    return response.content.decode()


# --- Who must -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff_x", "admin"])
def test_staff_and_admins_without_a_device_are_sent_to_enrol_before_any_page(
    client, world, role, force_login_without_two_factor
):
    """The middleware is on without the tests' fixture: council staff and admins set up an app first."""
    client.force_login(getattr(world, role))
    for url in (reverse("dashboard"), reverse("council:detail", args=[world.council_x.pk]), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{ENROL}?next={url}"
    # A POST is held back too: nothing is done before the second step.
    assert client.post(reverse("council:edit", args=[world.council_x.pk]), {"name": "Otro"}).status_code == 302
    world.council_x.refresh_from_db()
    assert world.council_x.name == "Consejo X"


def test_delegates_are_not_forced_but_may_turn_it_on(client, world, force_login_without_two_factor):
    client.force_login(world.delegate_a)
    assert client.get(reverse("dashboard")).status_code == 200
    page = _text(client.get(reverse("account:security")))
    assert "Desactivada" in page and "Por su función" not in page
    assert ENROL in page


def test_pages_anyone_may_need_stay_open_while_the_second_step_is_owed(client, world, force_login_without_two_factor):
    client.force_login(world.staff_x)
    assert client.get(reverse("privacy")).status_code == 200
    assert client.get(reverse("health")).status_code == 200
    assert client.get(ENROL).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


# --- Enrolment ----------------------------------------------------------------------------------------


def test_staff_enrol_from_the_qr_code_and_get_ten_recovery_codes_shown_once(client, world):
    staff = world.staff_x
    staff.set_password(PASSWORD)
    staff.save()
    _log_in(client, staff)
    assert client.get(reverse("dashboard"))["Location"].startswith(ENROL)

    page = client.get(ENROL)
    body = _text(page)
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    assert 'src="data:image/svg+xml' in body and "Código QR" in body
    assert "Quienes aprueban actas" in body
    key = client.session[PENDING_KEY_SESSION_KEY]
    secret = re.search(r'id="clave-secreta">([A-Z2-7 ]+)<', body).group(1)
    assert len(secret.replace(" ", "")) == 32  # 20 bytes in base32, as the apps take it
    assert not TOTPDevice.objects.filter(user=staff).exists()  # nothing stored before a code proves the app

    wrong = client.post(ENROL, {"code": "000000"})
    assert wrong.status_code == 200 and "El código no coincide" in _text(wrong)

    totp = TOTP(unhexlify(key))
    totp.time = timezone.now().timestamp()
    done = client.post(ENROL, {"code": f"{totp.token():06d}", "next": "/"})
    assert done.status_code == 302
    codes_page = client.get(done["Location"])
    body = _text(codes_page)
    assert "Se activó la verificación en dos pasos." in body
    codes = re.findall(r'<li class="col">([a-z2-7]{8})</li>', body)
    assert len(codes) == RECOVERY_CODE_COUNT
    download = re.search(r'href="(data:text/plain;charset=utf-8,[^"]+)" download="([^"]+)"', body)
    assert download.group(2).endswith(".txt")
    assert all(code in unquote(download.group(1)) for code in codes)
    # Shown once: the page says so afterwards and shows none.
    again = _text(client.get(done["Location"]))
    assert "se muestran una sola vez" in again and codes[0] not in again

    assert client.get(reverse("dashboard")).status_code == 200
    assert TOTPDevice.objects.get(user=staff).confirmed


def test_one_with_an_app_already_is_not_shown_a_new_secret(client, world):
    TwoFactorDeviceFactory(user=world.delegate_a)
    client.force_login(world.delegate_a)
    response = client.get(ENROL, follow=True)
    assert response.redirect_chain[-1][0] == reverse("account:security")
    assert "ya está activada" in _text(response)


# --- The second step ------------------------------------------------------------------------------------


def test_a_user_with_an_app_types_its_code_after_the_password(client, world):
    device, _codes = _enrolled(world.delegate_a)
    _log_in(client, world.delegate_a)
    agreements = reverse("agreements:mine")
    response = client.get(agreements)
    assert response["Location"] == f"{VERIFY}?next={agreements}"
    page = client.get(response["Location"])
    assert "Código de verificación" in _text(page)

    wrong = client.post(VERIFY, {"code": "123456", "next": agreements})
    assert wrong.status_code == 200 and "El código no es válido" in _text(wrong)
    assert client.get(agreements).status_code == 302

    device.throttling_failure_timestamp = timezone.now() - timedelta(minutes=1)  # wait out the first delay
    device.save()
    right = client.post(VERIFY, {"code": totp_code(device), "next": agreements})
    assert right.status_code == 302 and right["Location"] == agreements
    assert client.get(agreements).status_code == 200


def test_a_code_for_another_site_is_not_followed_after_the_second_step(client, world):
    device, _codes = _enrolled(world.delegate_a)
    _log_in(client, world.delegate_a)
    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("dashboard")


def test_wrong_codes_are_throttled_with_a_message_that_says_when_to_try_again(client, world):
    device, _codes = _enrolled(world.delegate_a)
    _log_in(client, world.delegate_a)
    client.post(VERIFY, {"code": "111111"})
    refused = client.post(VERIFY, {"code": "222222"})
    page = _text(refused)
    assert "Demasiados códigos incorrectos seguidos" in page
    assert re.search(r"a las \d\d:\d\d:\d\d", page)
    # Even the right code waits: guessing is slowed down, not just counted.
    assert "Demasiados códigos" in _text(client.post(VERIFY, {"code": totp_code(device)}))
    assert client.get(reverse("dashboard"))["Location"].startswith(VERIFY)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # refused attempts while locked are not even tried

    device.throttling_failure_timestamp = timezone.now() - timedelta(minutes=1)
    device.save()
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_recovery_code_works_once(client, world):
    _device, codes = _enrolled(world.delegate_a)
    _log_in(client, world.delegate_a)
    response = client.post(VERIFY, {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Entró con un código de recuperación" in _text(response) and "Le quedan 9" in _text(response)

    client.post(reverse("logout"))
    _log_in(client, world.delegate_a)
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200 and "El código no es válido" in _text(again)


def test_the_admin_passes_the_same_second_step(client, world):
    """Django's admin, through its own login page, is held back until the code."""
    device = TwoFactorDeviceFactory(user=world.admin)
    world.admin.set_password(PASSWORD)
    world.admin.save()
    client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert "_auth_user_id" in client.session
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": totp_code(device)})
    assert client.get("/admin/").status_code == 200


def test_without_an_app_the_second_step_leads_on(client, world):
    client.force_login(world.delegate_a)
    assert client.get(VERIFY)["Location"] == reverse("dashboard")


# --- The account page -----------------------------------------------------------------------------------


def test_new_recovery_codes_need_a_current_code_and_replace_the_old(client, world):
    device, codes = _enrolled(world.staff_x)
    client.force_login(world.staff_x)
    url = reverse("account:recovery_codes_regenerate")
    assert "Le quedan 10 códigos de recuperación" in _text(client.get(reverse("account:security")))
    refused = client.post(url, {"code": "999999"})
    assert "El código no es válido" in _text(refused)
    device.throttling_failure_timestamp = timezone.now() - timedelta(minutes=1)
    device.save()
    done = client.post(url, {"code": totp_code(device)}, follow=True)
    new = re.findall(r'<li class="col">([a-z2-7]{8})</li>', _text(done))
    assert len(new) == RECOVERY_CODE_COUNT
    tokens = set(StaticToken.objects.filter(device__user=world.staff_x).values_list("token", flat=True))
    assert tokens == set(new) and not tokens & set(codes)


def test_a_delegate_turns_it_off_with_a_current_code(client, world):
    device, _codes = _enrolled(world.delegate_a)
    client.force_login(world.delegate_a)
    response = client.post(reverse("account:two_factor_disable"), {"code": totp_code(device)}, follow=True)
    assert "Se desactivó la verificación en dos pasos." in _text(response)
    assert not TOTPDevice.objects.filter(user=world.delegate_a).exists()
    assert not StaticToken.objects.filter(device__user=world.delegate_a).exists()
    assert client.get(reverse("dashboard")).status_code == 200


def test_staff_who_turn_it_off_are_asked_to_set_it_up_again(client, world):
    device, _codes = _enrolled(world.staff_x)
    client.force_login(world.staff_x)
    page = _text(client.get(reverse("account:two_factor_disable")))
    assert "se le pedirá configurarla de nuevo" in page
    client.post(reverse("account:two_factor_disable"), {"code": totp_code(device)})
    assert client.get(reverse("dashboard"))["Location"].startswith(ENROL)


def test_an_admin_resets_a_users_device_with_a_command(world):
    _enrolled(world.staff_x)
    out = StringIO()
    call_command("two_factor_reset", "STAFF_X", stdout=out)
    assert "Se restableció" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=world.staff_x).exists()
    assert not StaticToken.objects.filter(device__user=world.staff_x).exists()


def test_the_login_page_still_logs_in_one_without_two_factor(client):
    """A user who need not and did not enrol enters with the password alone."""
    user = UserFactory(username="sin_dos_pasos")
    _log_in(client, user)
    assert client.get(reverse("dashboard")).status_code == 200
