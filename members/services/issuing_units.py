"""Writes to an institution's issuing units: the letterheads its documents are printed on.

An institution has one or more units; a unit is archived, never deleted (documents and councils point to it).
Who may call these from the browser is ``members.permissions.can_edit_institution``.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import version_check, version_of
from members.models import Institution, IssuingUnit, OficioCounter
from members.selectors import issuing_unit_archive_facts, issuing_unit_archive_refusal

ISSUING_UNIT_FIELDS = ("lines", "place", "address", "phone", "web", "logo", "oficio_pattern", "initials", "standing")


def issuing_unit_version(unit: IssuingUnit) -> str:
    """The version of a unit as read: a save made from an older one is refused."""
    return version_of(unit, ISSUING_UNIT_FIELDS)


def _assign(unit: IssuingUnit, data: Mapping[str, Any]) -> None:
    # save_form_data understands a cleared file (False) and a new upload, as a ModelForm would.
    for name in ISSUING_UNIT_FIELDS:
        if name in data:
            value = data[name]
            if name == "lines" and isinstance(value, str):
                value = "\n".join(line.strip() for line in value.replace("\r\n", "\n").splitlines() if line.strip())
            unit._meta.get_field(name).save_form_data(unit, value)


def _refuse_if_archived(unit: IssuingUnit) -> None:
    if unit.archived_at:
        raise ValidationError(_("Esta unidad emisora está archivada y ya no se modifica."), code="unit_archived")


@transaction.atomic
def issuing_unit_create(*, institution: Institution, data: Mapping[str, Any]) -> IssuingUnit:
    """Add an issuing unit (a letterhead) to an institution."""
    unit = IssuingUnit(institution=institution)
    _assign(unit, data)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def issuing_unit_update(*, unit: IssuingUnit, data: Mapping[str, Any], version: str | None = None) -> IssuingUnit:
    """Change a unit's letterhead; documents already published keep the one they were printed with.

    Refused (code ``stale``) when someone saved the unit since ``version`` was read.
    """
    unit = IssuingUnit.objects.select_for_update().get(pk=unit.pk)
    _refuse_if_archived(unit)
    version_check(unit, ISSUING_UNIT_FIELDS, version)
    _assign(unit, data)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def issuing_unit_archive(*, unit: IssuingUnit) -> IssuingUnit:
    """Archive a unit: no longer offered for new documents, kept with its history and what it issued.

    Refused for the institution's last active unit (an institution always has one) and for a unit that is a
    council's default (the council's documents would go on an archived letterhead): choose another first.
    """
    Institution.objects.select_for_update().filter(pk=unit.institution_id).first()  # one archive at a time
    unit = IssuingUnit.objects.select_for_update().get(pk=unit.pk)
    refusal = issuing_unit_archive_refusal(unit, **issuing_unit_archive_facts(unit))
    if refusal is not None:
        raise refusal
    unit.archived_at = timezone.now()
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def oficio_numbers_take(*, unit: IssuingUnit, year: int, count: int = 1) -> list[str]:
    """The next ``count`` oficio numbers of ``unit`` in ``year``, in order ("SII/2022/001", "SII/2022/002").

    The unit's counter row for the year is locked while the numbers are taken, so two letters issued at the
    same time never share one; a unit without a pattern numbers nothing (empty list).
    """
    if count < 1 or not unit.oficio_pattern:
        return []
    OficioCounter.objects.get_or_create(unit=unit, year=year)  # the row to lock; the constraint settles a race
    counter = OficioCounter.objects.select_for_update().get(unit=unit, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [unit.oficio_number(year=year, n=n) for n in range(first, first + count)]
