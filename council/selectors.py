"""Reads about councils; each owns the joins its page needs, so pages keep a fixed query count."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from council.models import Council, Seat, SeatAlternate, WorkingGroup
from council.permissions import managed_councils
from members.models import Institution, IssuingUnit, Person


def _with_people(seats: QuerySet[Seat]) -> QuerySet[Seat]:
    return seats.select_related("institution", "principal").prefetch_related(
        Prefetch("alternate_links", queryset=SeatAlternate.objects.select_related("person"), to_attr="alternate_list")
    )


def seats_with_people(council: Council) -> QuerySet[Seat]:
    """A council's current seats with their institution, titular and suplentes."""
    return _with_people(Seat.objects.active().filter(council=council)).order_by("order", "institution__name")


def seats_not_current(council: Council) -> QuerySet[Seat]:
    """Seats outside the current composition: archived, expired, or whose validity has not started."""
    today = timezone.localdate()
    return (
        _with_people(Seat.objects.filter(council=council))
        .filter(Q(archived_at__isnull=False) | Q(valid_to__lt=today) | Q(valid_from__gt=today))
        .order_by(F("valid_to").desc(nulls_first=True), "institution__name")
    )


def council_institutions(council_id: int) -> QuerySet[Institution]:
    """The institutions a council's pickers list first: those with a current seat, and those convened to its
    sessions (``Institution.invitations``, declared by sessions, which come after councils). Others are found
    through the directory's search."""
    seated = Seat.objects.active().filter(council_id=council_id).values("institution_id")
    convened = Institution.objects.filter(invitations__session__council_id=council_id).values("pk")
    return Institution.objects.filter(Q(pk__in=seated) | Q(pk__in=convened))


def managed_councils_institutions(viewer) -> QuerySet[Institution]:
    """Institutions the councils a viewer manages already use: their seats, those convened, their presiding and
    secretariat institutions (what a new council's pickers list first; a new council has no seats yet)."""
    councils = managed_councils(viewer)
    seated = Seat.objects.active().filter(council__in=councils).values("institution_id")
    convened = Institution.objects.filter(invitations__session__council__in=councils).values("pk")
    return Institution.objects.filter(
        Q(pk__in=seated)
        | Q(pk__in=convened)
        | Q(pk__in=councils.values("presiding_institution_id"))
        | Q(pk__in=councils.values("secretariat_institution_id"))
    )


def council_people(council_id: int) -> QuerySet[Person]:
    """The people a council's pickers list first: those of ``council_institutions``."""
    return Person.objects.filter(institution__in=council_institutions(council_id))


def _starts_after(seat: Seat, day) -> bool:
    """A seat not archived whose validity starts after ``day`` (one without a start date has always been valid)."""
    return not seat.archived_at and seat.valid_from is not None and seat.valid_from > day


def council_detail(*, council: Council) -> dict:
    """Everything the council page shows: current seats, their record, working groups and their sessions."""
    seats = list(seats_with_people(council))
    today = timezone.localdate()
    not_current = list(seats_not_current(council))
    groups = list(
        WorkingGroup.objects.filter(council=council)
        .select_related("coordinator", "formed_at")
        .prefetch_related("members", "sessions")
        .order_by("status", "name")
    )
    for group in groups:  # the sessions a group held, in order (its page lists them)
        group.session_list = sorted(group.sessions.all(), key=lambda session: session.starts_at)
    return {
        "voting_seats": [seat for seat in seats if seat.is_voting],
        "guest_seats": [seat for seat in seats if not seat.is_voting],
        "upcoming_seats": [seat for seat in not_current if _starts_after(seat, today)],
        "past_seats": [seat for seat in not_current if not _starts_after(seat, today)],
        "working_groups": groups,
    }


def council_issuing_unit(council: Council) -> IssuingUnit | None:
    """The letterhead of the council's documents: its default unit, else its secretariat's first active unit.

    No query when the default unit came with the council (``select_related("default_issuing_unit__institution")``).
    """
    if council.default_issuing_unit_id:
        return council.default_issuing_unit
    return (
        IssuingUnit.objects.active()
        .filter(institution_id=council.secretariat_institution_id)
        .select_related("institution")
        .order_by("pk")
        .first()
    )


def councils_for_list(user) -> QuerySet[Council]:
    """The councils a user manages, with the numbers the list shows."""
    return (
        managed_councils(user)
        .select_related("presiding_institution", "secretariat_institution")
        .annotate(
            seat_count=Count("seats", filter=Q(seats__archived_at__isnull=True), distinct=True),
            group_count=Count("working_groups", filter=Q(working_groups__status="active"), distinct=True),
        )
        .order_by("name")
    )


@dataclass(frozen=True)
class PrivacyResponsible:
    """An institution responsible for personal data: it keeps the secretariat of these councils."""

    name: str
    address: str
    councils: tuple[str, ...]


def privacy_responsibles() -> list[PrivacyResponsible]:
    """Who answers for the data of each council (its secretariat), with the address on record; two queries.

    The address is the one the council's documents print at the foot (``council_issuing_unit``), else the
    institution's.
    """
    by_institution: dict[int, tuple] = {}
    units = IssuingUnit.objects.active().order_by("pk")
    councils = (
        Council.objects.select_related("secretariat_institution", "default_issuing_unit")
        .prefetch_related(Prefetch("secretariat_institution__issuing_units", queryset=units, to_attr="active_units"))
        .order_by("name")
    )
    for council in councils:
        institution = council.secretariat_institution
        unit = council.default_issuing_unit or next(iter(institution.active_units), None)
        lines = [line.strip() for line in institution.address.splitlines() if line.strip()]
        address = (unit.footer_line if unit else ", ".join(lines)).strip().rstrip(".")  # the sentence ends it
        _name, _address, names = by_institution.setdefault(institution.pk, (institution.name, address, []))
        names.append(council.name)
    return sorted(
        (PrivacyResponsible(name, address, tuple(names)) for name, address, names in by_institution.values()),
        key=lambda responsible: responsible.name,
    )


def seat_for_council(*, council: Council, pk: int, current: bool = False) -> Seat:
    """One seat of the council (another council's seat is not found; nor an archived one when ``current``)."""
    seats = Seat.objects.filter(council=council).select_related("institution", "principal", "council")
    if current:
        seats = seats.filter(archived_at__isnull=True)
    return seats.get(pk=pk)
