"""Writes to the directory of institutions and people, linking a person to a login, and two-factor sign-in.

Who may call the directory's from the browser is decided by ``members.permissions.can_edit_directory``;
the two-factor services act on the user who calls them (or, for ``two_factor_reset``, on an admin's command).
"""

from binascii import unhexlify
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import Institution, Person
from members.permissions import has_two_factor_device

INSTITUTION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "government_order",
    "address",
    "city",
    "letterhead_units",
    "footer_address",
    "logo",
    "is_active",
)
PERSON_FIELDS = ("honorific", "full_name", "post", "institution", "email", "phone", "is_active")


def _assign(instance, fields: tuple[str, ...], data: Mapping[str, Any]) -> None:
    # save_form_data understands a cleared file (False) and a new upload, as a ModelForm would.
    for name in fields:
        if name in data:
            instance._meta.get_field(name).save_form_data(instance, data[name])


def _current_seats(**lookup):
    """Current seats in councils: the directory reaches them through the relation councils declare, not an import."""
    seats = Institution._meta.get_field("seats").related_model.objects
    return seats.active().filter(**lookup).select_related("council")


@transaction.atomic
def institution_create(*, data: Mapping[str, Any]) -> Institution:
    """Add an institution to the directory."""
    institution = Institution()
    _assign(institution, INSTITUTION_FIELDS, data)
    institution.full_clean()
    institution.save()
    return institution


@transaction.atomic
def institution_update(*, institution: Institution, data: Mapping[str, Any]) -> Institution:
    """Change an institution; one that sits in a council cannot be deactivated before its seats are archived."""
    was_active = Institution.objects.filter(pk=institution.pk).values_list("is_active", flat=True).get()
    _assign(institution, INSTITUTION_FIELDS, data)
    institution.full_clean()
    if was_active and not institution.is_active:
        seats = list(_current_seats(institution=institution))
        if seats:
            raise ValidationError(
                {
                    "is_active": ValidationError(
                        _("Tiene lugar vigente en %(councils)s; archive esos lugares antes de desactivarla."),
                        code="institution_has_seats",
                        params={"councils": ", ".join(str(seat.council) for seat in seats)},
                    )
                }
            )
    institution.save()
    return institution


@transaction.atomic
def person_create(*, data: Mapping[str, Any]) -> Person:
    """Add a person with their post and institutional contact data (never personal data)."""
    person = Person()
    _assign(person, PERSON_FIELDS, data)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, data: Mapping[str, Any]) -> Person:
    """Change a person; moving them to another institution is refused while they hold a seat of the old one."""
    previous_institution_id = Person.objects.filter(pk=person.pk).values_list("institution_id", flat=True).get()
    _assign(person, PERSON_FIELDS, data)
    person.full_clean()
    if person.institution_id != previous_institution_id:
        seats = _current_seats().filter(Q(principal=person) | Q(alternate_links__person=person)).distinct()
        if seats.exists():
            raise ValidationError(
                {
                    "institution": ValidationError(
                        _(
                            "Es titular o suplente de lugares vigentes de su institución (%(councils)s); "
                            "quítela de esos lugares antes de cambiarla de institución."
                        ),
                        code="person_holds_seats",
                        params={"councils": ", ".join(sorted({str(seat.council) for seat in seats}))},
                    )
                }
            )
    person.save()
    return person


def _refuse_if_linked(person: Person) -> None:
    if person.user_id:
        raise ValidationError(
            _("%(person)s ya tiene la cuenta «%(username)s»."),
            code="person_has_account",
            params={"person": person, "username": person.user.get_username()},
        )


def _link(person: Person, user: AbstractBaseUser) -> None:
    person.user = user
    try:
        with transaction.atomic():
            person.save(update_fields=["user"])
    except IntegrityError as exc:  # someone linked the same account a moment ago
        raise ValidationError(_("Esa cuenta ya está vinculada a otra persona."), code="user_already_linked") from exc


@transaction.atomic
def person_create_account(*, person: Person, username: str, email: str) -> AbstractBaseUser:
    """Create a login for a person, with no password yet: an e-mail brings a link to set one."""
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    _refuse_if_linked(person)
    user_model = get_user_model()
    errors = {}
    if user_model.objects.filter(username__iexact=username).exists():
        errors["username"] = ValidationError(_("Ese nombre de usuario ya está en uso."), code="username_taken")
    if user_model.objects.filter(email__iexact=email).exists():
        errors["email"] = ValidationError(
            _("Ya existe una cuenta con ese correo; vincúlela en lugar de crear otra."), code="email_taken"
        )
    if errors:
        raise ValidationError(errors)
    # The name shows in the menu bar; splitting it into first and last name would guess wrong too often.
    user = user_model(username=username, email=email, first_name=person.display_name[:150])
    user.set_unusable_password()
    user.full_clean()
    user.save()
    _link(person, user)
    transaction.on_commit(lambda: account_invitation_send(user=user))
    return user


@transaction.atomic
def person_link_user(*, person: Person, user: AbstractBaseUser) -> Person:
    """Link a person to an existing login; a login belongs to one person at most."""
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    _refuse_if_linked(person)
    holder = Person.objects.filter(user=user).first()
    if holder:
        raise ValidationError(
            {
                "username": ValidationError(
                    _(
                        "La cuenta «%(username)s» ya está vinculada a %(person)s; "
                        "una cuenta corresponde a una sola persona."
                    ),
                    code="user_already_linked",
                    params={"username": user.get_username(), "person": holder},
                )
            }
        )
    if not user.is_active:
        raise ValidationError({"username": ValidationError(_("Esa cuenta está desactivada."), code="user_inactive")})
    _link(person, user)
    return person


class _AccountInvitationForm(PasswordResetForm):
    """Django's password-reset e-mail, sent to one new account whose password is still unusable."""

    def __init__(self, user):
        super().__init__(data={"email": user.email})
        self.user = user

    def get_users(self, email):
        # The stock form skips accounts without a usable password, which is exactly a new account.
        yield self.user


def account_invitation_send(*, user: AbstractBaseUser) -> None:
    """E-mail a new account the link to set its password (Django's password-reset token and page)."""
    site = urlsplit(settings.SITE_URL)
    form = _AccountInvitationForm(user)
    form.is_valid()
    form.save(
        domain_override=site.netloc,
        use_https=site.scheme == "https",
        subject_template_name="members/email/account_invitation_subject.txt",
        email_template_name="members/email/account_invitation.txt",
        extra_email_context={"site_url": settings.SITE_URL},
    )


# --- Two-factor sign-in ------------------------------------------------------------------------------

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
