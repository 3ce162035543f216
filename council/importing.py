"""Import and export of a council's seats as a spreadsheet: the directory's rows plus each seat's role and people.

The file is the directory's (``members.importing``) with three more columns: the seat's role in the council,
whether it votes, and whether the row's person is its titular or a suplente. The rows of one institution
describe one seat, matched by council and institution. When none of them says "titular" or "suplente", the
seat's people stay as they are; when any does, the file gives them all: the titular row, and the suplentes in
the file's order.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from council.models import Council, Seat
from council.services.seats import seat_create, seat_update
from members.importing import (
    DIRECTORY_COLUMNS,
    DIRECTORY_EXAMPLE,
    DirectoryImport,
    ImportReport,
    RowRefused,
    RowResult,
    bool_cell,
    error_reasons,
    institution_cells,
    normalized,
    person_cells,
)
from members.models import Institution, Person

SEAT_COLUMNS = DIRECTORY_COLUMNS + (
    ("role", "Carácter en el consejo"),
    ("has_vote", "Con voto"),
    ("place", "En el lugar"),
)
SEAT_EXAMPLE = DIRECTORY_EXAMPLE | {"role": "Integrante", "has_vote": "sí", "place": "titular"}
_PRINCIPAL, _ALTERNATE = "titular", "suplente"


def _role(value: str) -> str:
    with translation.override("es"):
        for key, label in Seat.Role.choices:
            if normalized(value) in (normalized(key), normalized(str(label))):
                return key
    raise RowRefused(_("Carácter en el consejo desconocido: «%(value)s».") % {"value": value})


def _place(value: str) -> str:
    wanted = normalized(value)
    if wanted in (_PRINCIPAL, _ALTERNATE):
        return wanted
    raise RowRefused(_("«En el lugar» debe ser «titular» o «suplente», no «%(value)s».") % {"value": value})


class _SeatRows:
    """The rows of one institution that describe its seat."""

    def __init__(self, institution: Institution):
        self.institution = institution
        self.results: list[RowResult] = []
        self.role = ""
        self.has_vote: bool | None = None
        self.names_people = False
        self.principal: Person | None = None
        self.alternates: list[Person] = []


def _read_seat_cells(row: Mapping[str, str], seat: _SeatRows, person: Person | None) -> None:
    """Add one row's seat cells to its institution's seat; refused when they contradict an earlier row."""
    role = _role(row["role"]) if row.get("role") else ""
    has_vote = bool_cell(row["has_vote"], "Con voto") if row.get("has_vote") else None
    place = _place(row["place"]) if row.get("place") else ""
    if role and seat.role and role != seat.role:
        raise RowRefused(_("El carácter no coincide con el de otra fila de la misma institución."))
    if has_vote is not None and seat.has_vote is not None and has_vote != seat.has_vote:
        raise RowRefused(_("«Con voto» no coincide con el de otra fila de la misma institución."))
    if place and person is None:
        raise RowRefused(_("La fila dice «%(place)s» pero no trae persona.") % {"place": place})
    if place == _PRINCIPAL and seat.principal is not None:
        raise RowRefused(_("El lugar ya tiene titular en otra fila: %(person)s.") % {"person": seat.principal})
    seat.role = seat.role or role
    seat.has_vote = seat.has_vote if has_vote is None else has_vote
    if place:
        seat.names_people = True
        if place == _PRINCIPAL:
            seat.principal = person
        else:
            seat.alternates.append(person)


def _apply_seat(council: Council, seat_rows: _SeatRows, current: dict[int, Seat]) -> tuple[bool, bool, str]:
    """Create or update the institution's seat; (created, updated, what was done)."""
    institution = seat_rows.institution
    seat = current.get(institution.pk)
    if seat is None:
        role = seat_rows.role or Seat.Role.MEMBER
        has_vote = seat_rows.has_vote if seat_rows.has_vote is not None else role != Seat.Role.GUEST
        seat = seat_create(
            council=council,
            institution=institution,
            role=role,
            has_vote=has_vote,
            principal=seat_rows.principal,
            alternates=seat_rows.alternates,
        )
        return True, False, _("Da lugar a %(institution)s en el consejo.") % {"institution": institution}
    role = seat_rows.role or seat.role
    has_vote = seat_rows.has_vote if seat_rows.has_vote is not None else (seat.has_vote and role != Seat.Role.GUEST)
    alternates = list(seat.alternates.order_by("alternate_links__order"))
    principal = seat.principal
    if seat_rows.names_people:
        principal, alternates = seat_rows.principal, seat_rows.alternates
    unchanged = (
        role == seat.role
        and has_vote == seat.has_vote
        and principal == seat.principal
        and [p.pk for p in alternates] == [p.pk for p in seat.alternates.order_by("alternate_links__order")]
    )
    if unchanged:
        return False, False, ""
    seat_update(
        seat=seat,
        role=role,
        has_vote=has_vote,
        principal=principal,
        alternates=alternates,
        valid_from=seat.valid_from,
        valid_to=seat.valid_to,
        order=seat.order,
    )
    return False, True, _("Cambia el lugar de %(institution)s.") % {"institution": institution}


@transaction.atomic
def seat_import(*, council: Council, rows: Sequence[Mapping[str, Any]], viewer, commit: bool = False) -> ImportReport:
    """Register the rows' institutions and people (as ``directory_import``) and give them their seats in
    ``council``, all or nothing; without ``commit``, or with any row refused, everything is rolled back."""
    run = DirectoryImport(viewer)
    results: list[RowResult] = []
    seats: dict[tuple, _SeatRows] = {}
    for row in rows:
        result, institution, person = run.apply_row(row)
        results.append(result)
        if institution is None:
            continue
        seat_rows = seats.setdefault(run.institution_key_of(institution), _SeatRows(institution))
        try:
            _read_seat_cells(row, seat_rows, person)
        except RowRefused as refusal:
            result.reasons.extend(refusal.reasons)
            continue
        seat_rows.results.append(result)
    # Seats need the institutions and people saved: the directory's plan is written here, and rolled back
    # with the rest unless committed.
    run.apply()
    for key, seat_rows in seats.items():
        seat_rows.institution = run.institutions[key]
    current = {
        seat.institution_id: seat for seat in council.seats.filter(archived_at__isnull=True).select_related("principal")
    }
    for seat_rows in seats.values():
        if not seat_rows.results or (not seat_rows.role and seat_rows.institution.pk not in current):
            continue  # directory rows only: no seat named
        first = seat_rows.results[0]
        try:
            with transaction.atomic():
                created, updated, change = _apply_seat(council, seat_rows, current)
        except ValidationError as error:
            for result in seat_rows.results:
                result.reasons.extend(error_reasons(error, Seat))
            continue
        first.created = first.created or created
        first.updated = first.updated or updated
        if change:
            first.changes.append(change)
    report = ImportReport(rows=results)
    if commit and not report.refused:
        report.committed = True
    else:
        transaction.set_rollback(True)
    return report


def _role_label(seat: Seat) -> str:
    with translation.override("es"):
        return str(seat.get_role_display())


def seat_export_rows(seats: Iterable[Seat]) -> list[dict[str, str]]:
    """A council's current seats as rows: the titular's, then each suplente's; a seat without people in one row.

    ``seats`` come with institution, principal and suplentes fetched (``council.selectors.seats_with_people``).
    """
    rows = []
    for seat in seats:
        cells = institution_cells(seat.institution) | {
            "role": _role_label(seat),
            "has_vote": "sí" if seat.has_vote else "no",
        }
        people = [(seat.principal, _PRINCIPAL)] if seat.principal else []
        people += [(link.person, _ALTERNATE) for link in seat.alternate_list]
        rows.extend({**cells, **person_cells(person), "place": place} for person, place in people)
        if not people:
            rows.append(cells)
    return rows
