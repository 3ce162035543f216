"""Keeping a council's composition: adding, editing and archiving seats.

A seat is never deleted: it has invitations, attendance and history hanging
from it. When an institution leaves a council its seat is archived, which ends
its validity and keeps it, with its dates, in the council's record.
"""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import version_check, version_of
from council.models import Council, Seat, SeatAlternate
from members.models import Institution, Person

# Roles a council has exactly one of at a time.
_SINGLE_ROLES = (Seat.Role.PRESIDENCY, Seat.Role.SECRETARIAT)
# What a seat's edit form changes: its version (``core.concurrency``) is computed from these.
SEAT_EDIT_FIELDS = ("role", "has_vote", "principal", "alternates", "valid_from", "valid_to", "order")


def seat_version(seat: Seat) -> str:
    """The version of a seat as read: a save made from an older one is refused."""
    return version_of(seat, SEAT_EDIT_FIELDS)


def _duplicate_message(institution: Institution):
    return ValidationError(
        {
            "institution": ValidationError(
                _(
                    "%(institution)s ya tiene un lugar vigente en este consejo; "
                    "edítelo o archívelo antes de crear otro."
                ),
                code="seat_duplicate_institution",
                params={"institution": institution},
            )
        }
    )


def _validate(seat: Seat, alternates: Sequence[Person]) -> None:
    """The model's rules plus those about the suplentes and the roles the council has only one of."""
    errors: dict = {}
    try:
        seat.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    # The constraints' generic messages are replaced by the precise, field-bound ones below.
    generic = {str(constraint.violation_error_message) for constraint in Seat._meta.constraints}
    remaining = [error for error in errors.pop("__all__", []) if str(error.message) not in generic]
    if remaining:
        errors["__all__"] = remaining

    if seat.role == Seat.Role.GUEST and seat.has_vote:
        errors.setdefault("has_vote", []).append(
            ValidationError(
                _("Un invitado permanente tiene voz pero no voto: desmarque «con voto»."), code="guest_without_vote"
            )
        )
    if seat.valid_to and seat.valid_from and seat.valid_to < seat.valid_from:
        errors.setdefault("valid_to", []).append(
            ValidationError(_("La vigencia debe terminar después de empezar."), code="valid_to_before_valid_from")
        )
    others = Seat.objects.filter(council=seat.council, archived_at__isnull=True).exclude(pk=seat.pk)
    if seat.institution_id and others.filter(institution_id=seat.institution_id).exists():
        errors.setdefault("institution", []).extend(_duplicate_message(seat.institution).error_dict["institution"])
    if seat.role in _SINGLE_ROLES:
        holder = others.filter(role=seat.role).select_related("institution").first()
        if holder:
            errors.setdefault("role", []).append(
                ValidationError(
                    _("El consejo ya tiene %(role)s: %(institution)s. Cambie o archive ese lugar primero."),
                    code="seat_role_taken",
                    params={"role": seat.get_role_display(), "institution": holder.institution},
                )
            )
    for person in alternates:
        if person.institution_id != seat.institution_id:
            errors.setdefault("alternates", []).append(
                ValidationError(
                    _(
                        "%(person)s no pertenece a %(institution)s: "
                        "las personas suplentes deben ser de la institución del lugar."
                    ),
                    code="alternate_other_institution",
                    params={"person": person, "institution": seat.institution},
                )
            )
        if seat.principal_id and person.pk == seat.principal_id:
            errors.setdefault("alternates", []).append(
                ValidationError(
                    _("%(person)s es titular del lugar; no puede ser también su suplente."),
                    code="alternate_is_principal",
                    params={"person": person},
                )
            )
    if errors:
        raise ValidationError(errors)


def _save(seat: Seat) -> None:
    # The partial unique index is the last word when two people add the same institution at once.
    try:
        with transaction.atomic():
            seat.save()
    except IntegrityError as exc:
        raise _duplicate_message(seat.institution) from exc


def _set_alternates(seat: Seat, alternates: Sequence[Person]) -> None:
    """Make the seat's suplentes exactly ``alternates``, in that order (removals are kept in the history)."""
    wanted = {person.pk: position for position, person in enumerate(alternates, start=1)}
    existing = {link.person_id: link for link in SeatAlternate.objects.filter(seat=seat)}
    for person_id, link in existing.items():
        if person_id not in wanted:
            link.delete()
        elif link.order != wanted[person_id]:
            link.order = wanted[person_id]
            link.save(update_fields=["order"])
    for person in alternates:
        if person.pk not in existing:
            link = SeatAlternate(seat=seat, person=person, order=wanted[person.pk])
            link.full_clean()
            link.save()


@transaction.atomic
def seat_create(
    *,
    council: Council,
    institution: Institution,
    role: str = Seat.Role.MEMBER,
    has_vote: bool = True,
    principal: Person | None = None,
    alternates: Sequence[Person] = (),
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    order: int = 100,
) -> Seat:
    """Give an institution a place in a council, with its titular and suplentes.

    Without ``valid_from`` the seat is valid from the council's installation, or since always when the
    installation date is not recorded: never "from today", which would leave a session dated earlier
    without seats.
    """
    seat = Seat(
        council=council,
        institution=institution,
        role=role,
        has_vote=has_vote,
        principal=principal,
        valid_from=valid_from or council.installed_on,
        valid_to=valid_to,
        order=order,
    )
    alternates = list(alternates)
    _validate(seat, alternates)
    _save(seat)
    _set_alternates(seat, alternates)
    return seat


@transaction.atomic
def seat_update(
    *,
    seat: Seat,
    role: str,
    has_vote: bool,
    principal: Person | None,
    alternates: Sequence[Person],
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    order: int,
    version: str | None = None,
) -> Seat:
    """Change a current seat; its institution stays (another institution means another seat).

    Refused (code ``stale``) when someone saved the seat since ``version`` was read.
    """
    seat = Seat.objects.select_for_update(of=("self",)).select_related("institution", "council").get(pk=seat.pk)
    if seat.archived_at:
        raise ValidationError(_("Este lugar está archivado y ya no se puede modificar."), code="seat_archived")
    version_check(seat, SEAT_EDIT_FIELDS, version)
    seat.role, seat.has_vote, seat.principal = role, has_vote, principal
    seat.valid_from, seat.valid_to, seat.order = valid_from, valid_to, order
    alternates = list(alternates)
    _validate(seat, alternates)
    _save(seat)
    _set_alternates(seat, alternates)
    return seat


@transaction.atomic
def seat_archive(*, seat: Seat) -> Seat:
    """Take a seat out of the current composition, ending its validity today; it stays in the record."""
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if seat.archived_at:
        raise ValidationError(_("Este lugar ya estaba archivado."), code="seat_already_archived")
    today = timezone.localdate()
    if seat.valid_to is None or seat.valid_to > today:
        seat.valid_to = max(today, seat.valid_from or today)
    seat.archived_at = timezone.now()
    seat.full_clean()
    seat.save()
    return seat
