"""Writes to the directory of institutions and people, and the logins linked to people.

Who may call these from the browser is decided in ``members.permissions`` (``can_use_directory``,
``can_edit_institution``, ``can_edit_person``).
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.concurrency import version_check, version_of
from members.models import Institution, IssuingUnit, Person

INSTITUTION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "government_order",
    "state",
    "municipality",
    "address",
    "is_active",
)


PERSON_FIELDS = ("honorific", "full_name", "gender", "post", "institution", "email", "phone", "is_active")


def institution_version(institution: Institution) -> str:
    """The version of an institution as read: a save made from an older one is refused."""
    return version_of(institution, INSTITUTION_FIELDS)


def person_version(person: Person) -> str:
    """The version of a person's data as read: a save made from an older one is refused."""
    return version_of(person, PERSON_FIELDS)


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
    """Add an institution to the directory, with a first issuing unit at its address (its letterhead is then
    completed on its page)."""
    institution = Institution()
    _assign(institution, INSTITUTION_FIELDS, data)
    institution.full_clean()
    institution.save()
    unit = IssuingUnit(institution=institution, address=institution.address)
    unit.full_clean()
    unit.save()
    return institution


@transaction.atomic
def institution_update(*, institution: Institution, data: Mapping[str, Any], version: str | None = None) -> Institution:
    """Change an institution; one that sits in a council cannot be deactivated before its seats are archived.

    Refused (code ``stale``) when someone saved the institution since ``version`` was read.
    """
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    version_check(institution, INSTITUTION_FIELDS, version)
    was_active = institution.is_active
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
def person_update(*, person: Person, data: Mapping[str, Any], version: str | None = None) -> Person:
    """Change a person; moving them to another institution is refused while they hold a seat of the old one.

    Refused (code ``stale``) when someone saved the person since ``version`` was read.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    version_check(person, PERSON_FIELDS, version)
    previous_institution_id = person.institution_id
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


def _refuse_without_email(person: Person) -> None:
    # The institutional e-mail is what ties a login to the person: no address, nothing to tie.
    if not person.email.strip():
        raise ValidationError(
            _("%(person)s no tiene correo institucional; regístrelo antes de darle una cuenta."),
            code="person_without_email",
            params={"person": person},
        )


def _link(person: Person, user: AbstractBaseUser) -> None:
    person.user = user
    try:
        with transaction.atomic():
            person.save(update_fields=["user"])
    except IntegrityError as exc:  # someone linked the same account a moment ago
        raise ValidationError(_("Esa cuenta ya está vinculada a otra persona."), code="user_already_linked") from exc


@transaction.atomic
def person_create_account(*, person: Person, username: str) -> AbstractBaseUser:
    """Create a login for a person with their institutional e-mail and no password: a link sent there sets one.

    Only whoever reads that mailbox can use the account, so the staff who create
    it cannot keep it for themselves.
    """
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    _refuse_if_linked(person)
    _refuse_without_email(person)
    email = person.email.strip()
    user_model = get_user_model()
    errors = {}
    if user_model.objects.filter(username__iexact=username).exists():
        errors["username"] = ValidationError(_("Ese nombre de usuario ya está en uso."), code="username_taken")
    if user_model.objects.filter(email__iexact=email).exists():
        errors[NON_FIELD_ERRORS] = ValidationError(
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
def person_link_user(*, person: Person, user: AbstractBaseUser, by: AbstractBaseUser) -> Person:
    """Link a person to an existing login that has their institutional e-mail; a login belongs to one person at most.

    ``by`` (who links) may not link their own login unless a platform admin: the
    staff can edit the person's e-mail themselves, so a matching address does not
    prove the record is theirs; another member of the secretariat or an admin links it.
    """
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    _refuse_if_linked(person)
    _refuse_without_email(person)
    if user.pk == by.pk and not by.is_superuser:
        raise ValidationError(
            {
                "username": ValidationError(
                    _(
                        "No puede vincular su propia cuenta a una persona del directorio; "
                        "pídalo a otra persona del secretariado o a un administrador."
                    ),
                    code="own_account",
                )
            }
        )
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
    if (user.email or "").strip().casefold() != person.email.strip().casefold():
        raise ValidationError(
            {
                "username": ValidationError(
                    _(
                        "La cuenta «%(username)s» no tiene el correo institucional de %(person)s (%(email)s); "
                        "solo se vincula la cuenta de ese correo. Corrija el correo de la cuenta o de la persona."
                    ),
                    code="email_mismatch",
                    params={"username": user.get_username(), "person": person, "email": person.email},
                )
            }
        )
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
