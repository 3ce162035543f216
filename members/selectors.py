"""Reads of the directory; each owns the joins its page needs, so pages keep a fixed query count."""

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from members.models import Institution, IssuingUnit, Person
from members.permissions import can_use_directory
from members.search import any_field_contains

# A directory search needs a few letters and answers one short page at a time: pickers, not an export.
SEARCH_MIN_CHARS = 3
SEARCH_MAX_CHARS = 100
SEARCH_PAGE_SIZE = 20


def institutions_for_directory() -> QuerySet[Institution]:
    """Institutions with their active people, for the directory list."""
    active_people = Person.objects.filter(is_active=True).order_by("full_name")
    return Institution.objects.prefetch_related(
        Prefetch("people", queryset=active_people, to_attr="active_people")
    ).order_by("name", "state", "municipality")


def institution_detail(*, institution: Institution) -> dict:
    """An institution's people (with their login, if any), its seats in councils and its issuing units, current
    first."""
    people = Person.objects.filter(institution=institution).select_related("user").order_by("-is_active", "full_name")
    seats = institution.seats.select_related("council", "principal").order_by(
        F("archived_at").asc(nulls_first=True), "council__name"
    )
    units = list(
        IssuingUnit.objects.filter(institution=institution)
        .prefetch_related("default_for_councils")
        .order_by(F("archived_at").asc(nulls_first=True), "pk")
    )
    active = sum(1 for unit in units if unit.archived_at is None)
    for unit in units:
        # Whether its "Archivar" is offered: the service's rule (``issuing_unit_archive_refusal``), on what is loaded.
        default_for = [council.short_name for council in unit.default_for_councils.all()]
        unit.archivable = issuing_unit_archive_refusal(unit, active_units=active, default_for=default_for) is None
    return {"people": list(people), "seats": list(seats), "units": units}


def issuing_unit_archive_refusal(
    unit: IssuingUnit, *, active_units: int, default_for: list[str]
) -> ValidationError | None:
    """Why the unit cannot be archived, or None: the rule of ``services.issuing_units.issuing_unit_archive``.

    ``active_units`` is how many active units its institution has (itself included); ``default_for`` the short
    names of the councils whose default letterhead it is. An institution always keeps one active unit, and a
    council's documents never go on an archived letterhead.
    """
    if unit.archived_at:
        return ValidationError(_("Esta unidad emisora está archivada y ya no se modifica."), code="unit_archived")
    if active_units <= 1:
        return ValidationError(
            _("Es la única unidad emisora vigente de la institución; agregue otra antes de archivarla."),
            code="last_unit",
        )
    if default_for:
        return ValidationError(
            _("Es la unidad emisora predeterminada de %(councils)s; elija otra en ese consejo antes de archivarla."),
            code="unit_is_default",
            params={"councils": ", ".join(default_for)},
        )
    return None


def issuing_unit_archive_facts(unit: IssuingUnit) -> dict:
    """What ``issuing_unit_archive_refusal`` needs of one unit, read from the database."""
    return {
        "active_units": IssuingUnit.objects.active().filter(institution_id=unit.institution_id).count(),
        "default_for": list(unit.default_for_councils.order_by("name").values_list("short_name", flat=True)),
    }


def person_for_directory(*, pk: int) -> Person:
    return Person.objects.select_related("institution", "user").get(pk=pk)


def issuing_unit_for_directory(*, pk: int) -> IssuingUnit:
    """One current issuing unit with its institution (an archived one is not found: it is no longer changed)."""
    return IssuingUnit.objects.active().select_related("institution").get(pk=pk)


def directory_institutions(viewer) -> QuerySet[Institution]:
    """The institutions a viewer may pick from the whole directory: the active ones, for those who may use it."""
    if not can_use_directory(viewer):
        return Institution.objects.none()
    return Institution.objects.filter(is_active=True)


def directory_people(viewer) -> QuerySet[Person]:
    """The people a viewer may pick from the whole directory: active people of active institutions."""
    if not can_use_directory(viewer):
        return Person.objects.none()
    return Person.objects.filter(is_active=True, institution__is_active=True).select_related("institution")


def directory_units(viewer) -> QuerySet[IssuingUnit]:
    """The issuing units a viewer may pick from the whole directory: the current ones of active institutions."""
    if not can_use_directory(viewer):
        return IssuingUnit.objects.none()
    return IssuingUnit.objects.filter(archived_at__isnull=True, institution__is_active=True).select_related(
        "institution"
    )


def directory_search(*, viewer, kind: str, text: str, page: int = 1) -> tuple[list, bool]:
    """One page of the institutions (``kind="institutions"``) or people matching ``text``, and whether more follow.

    Accents and case are ignored; fewer than ``SEARCH_MIN_CHARS`` letters find nothing.
    """
    text = text.strip()[:SEARCH_MAX_CHARS]
    if len(text) < SEARCH_MIN_CHARS:
        return [], False
    if kind == "units":
        rows = directory_units(viewer).filter(
            any_field_contains(["institution__name", "institution__short_name", "lines", "place"], text)
        )
        rows = rows.order_by("institution__short_name", "institution__name", "pk")
    elif kind == "people":
        rows = directory_people(viewer).filter(
            any_field_contains(["full_name", "institution__name", "institution__short_name"], text)
        )
        rows = rows.order_by("full_name", "institution__name", "pk")
    else:
        rows = directory_institutions(viewer).filter(any_field_contains(["name", "short_name", "municipality"], text))
        rows = rows.order_by("name", "state", "municipality", "pk")
    start = (max(page, 1) - 1) * SEARCH_PAGE_SIZE
    found = list(rows[start : start + SEARCH_PAGE_SIZE + 1])
    return found[:SEARCH_PAGE_SIZE], len(found) > SEARCH_PAGE_SIZE
