"""Two-factor sign-in: enrolling an authenticator app, the second step, recovery codes, turning it off.

The services act on the user who calls them (or, for ``two_factor_reset``, on an admin's command).
"""

from binascii import unhexlify
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.permissions import has_two_factor_device

RECOVERY_CODE_COUNT = 10


TOTP_DIGITS = 6


def _normalized_code(code: str) -> str:
    """A code as typed, without the spaces and dashes people copy with it; recovery codes are lowercase."""
    return "".join(code.split()).replace("-", "").lower()


def _is_app_code(code: str) -> bool:
    return len(code) == TOTP_DIGITS and code.isascii() and code.isdigit()


def _lock_user(user: AbstractBaseUser) -> None:
    """Serialise two-factor writes of one user (a double submit, two tabs)."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _recovery_codes_replace(user: AbstractBaseUser) -> list[str]:
    """New recovery codes for the user; the previous ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "recuperacion"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_enrol(*, user: AbstractBaseUser, key: str, code: str) -> list[str]:
    """Turn on two-factor sign-in with the authenticator app set up from ``key`` (hex), proved by one of its codes.

    Returns the new recovery codes, to be shown once.
    """
    _lock_user(user)
    if has_two_factor_device(user):
        raise ValidationError(_("La verificación en dos pasos ya está activada en su cuenta."), code="already_enrolled")
    code = _normalized_code(code)
    totp = TOTP(unhexlify(key), digits=TOTP_DIGITS)
    totp.time = timezone.now().timestamp()
    if not (_is_app_code(code) and totp.verify(int(code), tolerance=1)):
        raise ValidationError(
            {
                "code": ValidationError(
                    _("El código no coincide. Escriba el que muestra ahora la aplicación (cambia cada 30 segundos)."),
                    code="wrong_code",
                )
            }
        )
    TOTPDevice.objects.filter(user=user).delete()  # a device left unconfirmed (from the admin)
    device = TOTPDevice(user=user, name="app", key=key, digits=TOTP_DIGITS, confirmed=True, last_t=totp.t())
    device.full_clean()
    device.save()
    return _recovery_codes_replace(user)


@transaction.atomic
def _two_factor_check(*, user: AbstractBaseUser, code: str) -> tuple[Device | None, datetime | None]:
    """Try a code on the user's app (six digits) or recovery codes: the device that took it, or until when it is locked.

    A wrong code is counted by the device (django-otp's throttling) and this
    transaction commits it, which is why it returns rather than raises.
    """
    code = _normalized_code(code)
    model = TOTPDevice if _is_app_code(code) else StaticDevice
    device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return None, None
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return None, (details or {}).get("locked_until")
    return (device if device.verify_token(code) else None), None


def two_factor_verify(*, user: AbstractBaseUser, code: str) -> Device:
    """Check the second step: a current code of the user's app, or one of the recovery codes (good once).

    Not atomic as a whole: a refused code must stay counted for the throttling.
    """
    if not has_two_factor_device(user):
        raise ValidationError(_("Su cuenta no tiene la verificación en dos pasos activada."), code="no_device")
    device, locked_until = _two_factor_check(user=user, code=code)
    if locked_until is not None:
        raise ValidationError(
            {
                "code": ValidationError(
                    _("Demasiados códigos incorrectos seguidos. Podrá intentarlo de nuevo a las %(time)s."),
                    code="throttled",
                    params={"time": formats.time_format(timezone.localtime(locked_until), "H:i:s")},
                )
            }
        )
    if device is None:
        raise ValidationError(
            {
                "code": ValidationError(
                    _(
                        "El código no es válido. Escriba el que muestra ahora su aplicación, "
                        "o uno de sus códigos de recuperación."
                    ),
                    code="wrong_code",
                )
            }
        )
    return device


def recovery_codes_regenerate(*, user: AbstractBaseUser, code: str) -> list[str]:
    """New recovery codes, asked with a current code; the old ones stop working. Returns the new ones."""
    two_factor_verify(user=user, code=code)
    with transaction.atomic():
        _lock_user(user)
        return _recovery_codes_replace(user)


def two_factor_disable(*, user: AbstractBaseUser, code: str) -> None:
    """Turn two-factor sign-in off, asked with a current code (those who must use it are asked to enrol again)."""
    two_factor_verify(user=user, code=code)
    two_factor_reset(user=user)


@transaction.atomic
def two_factor_reset(*, user: AbstractBaseUser) -> int:
    """Remove the user's app and recovery codes (a lost phone: ``manage.py two_factor_reset``); how many devices."""
    _lock_user(user)
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        _total, by_model = model.objects.filter(user=user).delete()
        removed += by_model.get(model._meta.label, 0)
    return removed
