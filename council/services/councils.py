"""Creating and editing councils."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.concurrency import version_check, version_of
from council.models import Council

# The fields a council's form edits; the feed token and the active flag are kept elsewhere.
COUNCIL_FIELDS = (
    "name",
    "short_name",
    "kind",
    "article",
    "installed_on",
    "jurisdiction",
    "legal_basis",
    "purpose",
    "presiding_institution",
    "secretariat_institution",
    "secretariat_email",
    "default_issuing_unit",
    "quorum_rule",
    "second_call_rule",
    "casting_vote",
    "agreement_prefix",
    "reminder_days",
    "default_city",
)

# What a council's edit form changes: its version (``core.concurrency``) is computed from these.
COUNCIL_EDIT_FIELDS = (*COUNCIL_FIELDS, "staff")

# How many members each rule asks for, from the least to the most demanding.
_QUORUM_STRICTNESS = {
    Council.QuorumRule.ANY_PRESENT: 0,
    Council.QuorumRule.ONE_THIRD: 1,
    Council.QuorumRule.HALF_PLUS_ONE: 2,
    Council.QuorumRule.TWO_THIRDS: 3,
}


def _validate(council: Council) -> None:
    """The model's own rules, plus those that span councils or fields."""
    errors: dict = {}
    try:
        council.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    prefix = council.agreement_prefix
    if prefix and Council.objects.filter(agreement_prefix__iexact=prefix).exclude(pk=council.pk).exists():
        # Agreement numbers are unique across the platform: a shared prefix would make them collide.
        errors.setdefault("agreement_prefix", []).append(
            ValidationError(
                _(
                    "Otro consejo ya usa el prefijo «%(prefix)s»; "
                    "elija uno distinto para que sus acuerdos no se confundan."
                ),
                code="agreement_prefix_taken",
                params={"prefix": prefix},
            )
        )
    unit = council.default_issuing_unit if council.default_issuing_unit_id else None
    if unit is not None and unit.archived_at:
        was = Council.objects.filter(pk=council.pk).values_list("default_issuing_unit_id", flat=True).first()
        if was != unit.pk:
            errors.setdefault("default_issuing_unit", []).append(
                ValidationError(_("Esa unidad emisora está archivada; elija otra."), code="unit_archived")
            )
    first = _QUORUM_STRICTNESS.get(council.quorum_rule)
    second = _QUORUM_STRICTNESS.get(council.second_call_rule)
    if first is not None and second is not None and second > first:
        errors.setdefault("second_call_rule", []).append(
            ValidationError(
                _("La segunda convocatoria no puede exigir más integrantes que la primera."),
                code="second_call_stricter",
            )
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def council_create(*, data: Mapping[str, Any], staff: Iterable[AbstractBaseUser] = ()) -> Council:
    """Register a council with the users who staff its secretariat."""
    council = Council(**{name: data[name] for name in COUNCIL_FIELDS if name in data})
    _validate(council)
    council.save()
    council.staff.set(staff)
    return council


def council_version(council: Council) -> str:
    """The version of a council's data and staff as read: a save made from an older one is refused."""
    return version_of(council, COUNCIL_EDIT_FIELDS)


@transaction.atomic
def council_update(
    *,
    council: Council,
    data: Mapping[str, Any],
    staff: Iterable[AbstractBaseUser] | None = None,
    version: str | None = None,
) -> Council:
    """Change a council's data and, when given, the users who staff it.

    Refused (code ``stale``) when someone saved the council since ``version`` was read.
    """
    council = Council.objects.select_for_update().get(pk=council.pk)
    version_check(council, COUNCIL_EDIT_FIELDS, version)
    for name in COUNCIL_FIELDS:
        if name in data:
            setattr(council, name, data[name])
    _validate(council)
    council.save()
    if staff is not None:
        council.staff.set(staff)
    return council
