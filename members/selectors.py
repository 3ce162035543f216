"""Reads of the directory; each owns the joins its page needs, so pages keep a fixed query count."""

from django.db.models import F, Prefetch, QuerySet

from members.models import Institution, IssuingUnit, Person


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
    units = IssuingUnit.objects.filter(institution=institution).order_by(F("archived_at").asc(nulls_first=True), "pk")
    return {"people": list(people), "seats": list(seats), "units": list(units)}


def person_for_directory(*, pk: int) -> Person:
    return Person.objects.select_related("institution", "user").get(pk=pk)


def issuing_unit_for_directory(*, pk: int) -> IssuingUnit:
    """One current issuing unit with its institution (an archived one is not found: it is no longer changed)."""
    return IssuingUnit.objects.active().select_related("institution").get(pk=pk)
