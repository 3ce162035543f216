"""Import and export of the directory as a spreadsheet (XLSX or CSV): reading, matching, applying, writing.

A file has one row per person, with the institution's data repeated on each of its people's rows (a row
without a person registers the institution alone). Rows are matched on natural keys: an institution by its
name within its place (state and municipality, ignoring case and accents, as the directory's uniqueness
does), a person by their institutional e-mail. An empty cell leaves what the directory holds; a cell with a
value sets it. So importing the same file twice, or a file the export wrote, changes nothing.

``directory_import`` applies the rows through the directory's services in one transaction and rolls it back
unless told to commit and no row was refused: the preview is the same run, undone.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.spreadsheets import normalized
from members.models import Institution, Person, State
from members.permissions import as_viewer, editable_institutions
from members.services.directory import institution_create, institution_update, person_create, person_update

# The columns are the file's format, not interface text: the same headers in every language, so that a
# template downloaded in English reads back in Spanish. Each is (key, header).
INSTITUTION_COLUMNS = (
    ("institution", "Institución"),
    ("short_name", "Siglas"),
    ("kind", "Tipo"),
    ("government_order", "Orden de gobierno"),
    ("state", "Entidad federativa"),
    ("municipality", "Municipio"),
    ("address", "Domicilio"),
)
PERSON_COLUMNS = (
    ("honorific", "Tratamiento"),
    ("full_name", "Nombre completo"),
    ("gender", "Género"),
    ("post", "Cargo"),
    ("email", "Correo institucional"),
    ("phone", "Teléfono"),
)
DIRECTORY_COLUMNS = INSTITUTION_COLUMNS + PERSON_COLUMNS
DIRECTORY_EXAMPLE = {
    "institution": "Secretaría de Salud",
    "short_name": "SSNL",
    "kind": "Dependencia estatal",
    "government_order": "Estatal",
    "state": "Nuevo León",
    "honorific": "Dra.",
    "full_name": "Ana María Treviño Garza",
    "gender": "Femenino",
    "post": "Secretaria de Salud",
    "email": "ana.trevino@salud.nl.gob.mx",
    "phone": "81 2033 1000",
}
# Institution and person fields a cell sets (the column key is the field's name but for the institution's).
_INSTITUTION_FIELDS = {"institution": "name"} | {key: key for key, _header in INSTITUTION_COLUMNS[1:]}
_PERSON_FIELDS = {key: key for key, _header in PERSON_COLUMNS}
_MISSING = object()
_TRUE = {"si", "s", "x", "1", "true", "verdadero", "yes"}
_FALSE = {"no", "n", "0", "false", "falso"}


def _label(choices, value: str) -> str:
    with translation.override("es"):
        return str(dict(choices).get(value, value)) if value else ""


def institution_cells(institution: Institution) -> dict[str, str]:
    """An institution as the file writes it: choices by their Spanish names."""
    return {
        "institution": institution.name,
        "short_name": institution.short_name,
        "kind": _label(Institution.Kind.choices, institution.kind),
        "government_order": _label(Institution.GovernmentOrder.choices, institution.government_order),
        "state": _label(State.choices, institution.state),
        "municipality": institution.municipality,
        "address": institution.address,
    }


def person_cells(person: Person) -> dict[str, str]:
    return {
        "honorific": person.honorific,
        "full_name": person.full_name,
        "gender": _label(Person.Gender.choices, person.gender),
        "post": person.post,
        "email": person.email,
        "phone": person.phone,
    }


def directory_export_rows(institutions: Iterable[Institution]) -> list[dict[str, str]]:
    """One row per active person, with their institution; an institution without people has a row of its own.

    ``institutions`` come with their active people (``members.selectors.institutions_for_directory``); people
    without an e-mail are left out, since a row without one is refused.
    """
    rows = []
    for institution in institutions:
        people = [person for person in institution.active_people if person.email]
        cells = institution_cells(institution)
        rows.extend({**cells, **person_cells(person)} for person in people)
        if not people:
            rows.append(cells)
    return rows


# --- Matching and applying ------------------------------------------------------------------------------------


class RowRefused(Exception):
    """A row that cannot be applied, with its reasons in Spanish."""

    def __init__(self, *reasons: str):
        super().__init__(*reasons)
        self.reasons = list(reasons)


@dataclass
class RowResult:
    """What importing one row does: the changes it makes, or why it is refused."""

    line: int
    label: str
    changes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    created: bool = False
    updated: bool = False

    @property
    def status(self) -> str:
        if self.reasons:
            return "refused"
        if self.created:
            return "created"
        if self.updated:
            return "updated"
        return "unchanged"


@dataclass
class ImportReport:
    """Every row's result, in the file's order."""

    rows: list[RowResult]
    committed: bool = False

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def refused(self) -> int:
        return self.count("refused")

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in ("created", "updated", "unchanged", "refused")}


def error_reasons(error: ValidationError, model) -> list[str]:
    """A service's refusal as sentences, each naming the field it is about."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    reasons = []
    for name, errors in error.error_dict.items():
        try:
            prefix = f"{str(model._meta.get_field(name).verbose_name).capitalize()}: "
        except FieldDoesNotExist:  # __all__
            prefix = ""
        reasons.extend(f"{prefix}{message}" for error in errors for message in error.messages)
    return reasons


def _choice(value: str, choices, column: str) -> str:
    """The key of a choice given by its key or its Spanish name, ignoring case and accents."""
    wanted = normalized(value)
    with translation.override("es"):
        for key, label in choices:
            if wanted in (normalized(key), normalized(str(label))):
                return key
    raise RowRefused(_("%(column)s desconocido: «%(value)s».") % {"column": column, "value": value})


def _state(value: str) -> str:
    """A state given by its INEGI key ("19", "9") or its name, with or without accents."""
    if value.isdigit() and value.zfill(2) in State.values:
        return value.zfill(2)
    wanted = normalized(value)
    for key, label in State.choices:
        if wanted == normalized(label):
            return key
    raise RowRefused(_("Entidad federativa desconocida: «%(value)s».") % {"value": value})


def bool_cell(value: str, column: str) -> bool:
    wanted = normalized(value)
    if wanted in _TRUE:
        return True
    if wanted in _FALSE:
        return False
    raise RowRefused(_("%(column)s debe ser «sí» o «no», no «%(value)s».") % {"column": column, "value": value})


def _institution_data(row: Mapping[str, str]) -> dict[str, str]:
    """The institution fields the row sets (non-empty cells), as the model stores them."""
    data = {}
    for key, name in _INSTITUTION_FIELDS.items():
        value = row.get(key, "")
        if not value:
            continue
        if key == "kind":
            value = _choice(value, Institution.Kind.choices, "Tipo")
        elif key == "government_order":
            value = _choice(value, Institution.GovernmentOrder.choices, "Orden de gobierno")
        elif key == "state":
            value = _state(value)
        data[name] = value
    return data


def _person_data(row: Mapping[str, str]) -> dict[str, str]:
    data = {}
    for key, name in _PERSON_FIELDS.items():
        value = row.get(key, "")
        if not value:
            continue
        if key == "gender":
            value = _choice(value, Person.Gender.choices, "Género")
        data[name] = value
    return data


def _changed(instance, data: Mapping[str, Any]) -> list[str]:
    return [name for name, value in data.items() if getattr(instance, name) != value]


def _verbose(model, names: Iterable[str]) -> str:
    return ", ".join(str(model._meta.get_field(name).verbose_name) for name in names)


class DirectoryImport:
    """One run over a file's rows: the directory as it was before, and what this run registered."""

    def __init__(self, viewer):
        self.viewer = as_viewer(viewer)
        # Rights are those held before the import: a seat the import itself creates grants none.
        self.editable = set(editable_institutions(self.viewer).values_list("pk", flat=True))
        self.institutions = {self.institution_key_of(i): i for i in Institution.objects.all()}
        self.people: dict[str, list[Person]] = {}
        for person in Person.objects.exclude(email="").select_related("institution"):
            self.people.setdefault(person.email.strip().casefold(), []).append(person)
        self.created_institutions: set[int] = set()
        self.institution_rows: dict[tuple, tuple[int, dict]] = {}
        self.email_rows: dict[str, int] = {}
        self.seen_rows: dict[tuple, int] = {}
        self.undo: list[tuple[dict, Any, Any]] = []

    def remember(self, memo: dict, key) -> None:
        """Note a memo's entry before a row changes it: a refused row's savepoint is undone, and so is this."""
        self.undo.append((memo, key, memo.get(key, _MISSING)))

    def forget_row(self) -> None:
        for memo, key, value in reversed(self.undo):
            if value is _MISSING:
                memo.pop(key, None)
            else:
                memo[key] = value
        self.undo.clear()

    @staticmethod
    def institution_key_of(institution: Institution) -> tuple[str, str, str]:
        return normalized(institution.name), institution.state, normalized(institution.municipality)

    def may_edit(self, institution: Institution) -> bool:
        return institution.pk in self.created_institutions or institution.pk in self.editable

    def refuse_edit(self, institution: Institution) -> RowRefused:
        return RowRefused(
            _(
                "No puede cambiar los datos de %(institution)s ni de su gente: los llevan los consejos "
                "donde tiene lugar."
            )
            % {"institution": institution.label_with_place()}
        )

    def apply_institution(self, row: Mapping[str, str], result: RowResult) -> Institution:
        data = _institution_data(row)
        if not data.get("name"):
            raise RowRefused(_("Falta el nombre de la institución."))
        key = (normalized(data["name"]), data.get("state", ""), normalized(data.get("municipality", "")))
        if key in self.institution_rows:
            first_line, first_data = self.institution_rows[key]
            different = [name for name, value in data.items() if first_data.get(name, value) != value]
            if different:
                raise RowRefused(
                    _("La institución ya aparece en la fila %(line)s con otros datos (%(fields)s).")
                    % {"line": first_line, "fields": _verbose(Institution, different)}
                )
        else:
            self.remember(self.institution_rows, key)
            self.institution_rows[key] = (result.line, data)
        institution = self.institutions.get(key)
        if institution is None:
            try:
                institution = institution_create(data=data)
            except ValidationError as error:
                raise RowRefused(*error_reasons(error, Institution)) from error
            self.remember(self.institutions, key)
            self.institutions[key] = institution
            self.created_institutions.add(institution.pk)  # ids are never reused, so a stale one is harmless
            result.created = True
            result.changes.append(_("Registra la institución %(name)s.") % {"name": institution.label_with_place()})
            return institution
        changed = _changed(institution, data)
        if changed:
            if not self.may_edit(institution):
                raise self.refuse_edit(institution)
            try:
                institution = institution_update(institution=institution, data=data)
            except ValidationError as error:
                raise RowRefused(*error_reasons(error, Institution)) from error
            self.remember(self.institutions, key)
            self.institutions[key] = institution
            result.updated = True
            result.changes.append(
                _("Cambia %(fields)s de %(name)s.")
                % {"fields": _verbose(Institution, changed), "name": institution.label_with_place()}
            )
        return institution

    def apply_person(self, row: Mapping[str, str], institution: Institution, result: RowResult) -> Person | None:
        data = _person_data(row)
        if not data:
            return None
        email = data.get("email", "").strip()
        if not email:
            raise RowRefused(_("Falta el correo institucional de la persona: es lo que la identifica."))
        folded = email.casefold()
        if folded in self.email_rows:
            raise RowRefused(
                _("El correo %(email)s ya aparece en la fila %(line)s.")
                % {"email": email, "line": self.email_rows[folded]}
            )
        self.remember(self.email_rows, folded)
        self.email_rows[folded] = result.line
        matches = self.people.get(folded, [])
        if len(matches) > 1:
            raise RowRefused(_("Hay varias personas con el correo %(email)s en el directorio.") % {"email": email})
        if not matches:
            if not data.get("full_name"):
                raise RowRefused(_("Falta el nombre completo de la persona."))
            try:
                person = person_create(data={**data, "institution": institution})
            except ValidationError as error:
                raise RowRefused(*error_reasons(error, Person)) from error
            self.remember(self.people, folded)
            self.people[folded] = [person]
            result.created = True
            result.changes.append(_("Registra a %(person)s.") % {"person": person.display_name})
            return person
        person = matches[0]
        if person.institution_id != institution.pk:
            raise RowRefused(
                _("%(person)s está registrada en %(institution)s; cámbiela de institución desde su ficha.")
                % {"person": person.display_name, "institution": person.institution.label_with_place()}
            )
        changed = _changed(person, data)
        if changed:
            if not self.may_edit(institution):
                raise self.refuse_edit(institution)
            try:
                person = person_update(person=person, data=data)
            except ValidationError as error:
                raise RowRefused(*error_reasons(error, Person)) from error
            self.remember(self.people, folded)
            self.people[folded] = [person]
            result.updated = True
            result.changes.append(
                _("Cambia %(fields)s de %(person)s.")
                % {"fields": _verbose(Person, changed), "person": person.display_name}
            )
        return person

    def apply_row(self, row: Mapping[str, Any]) -> tuple[RowResult, Institution | None, Person | None]:
        """Apply one row in a savepoint of its own: a refused row leaves nothing behind."""
        line = row["line"]
        label = " · ".join(value for value in (row.get("institution", ""), row.get("full_name", "")) if value)
        result = RowResult(line=line, label=label)
        values = tuple(sorted((key, value) for key, value in row.items() if key != "line"))
        if values in self.seen_rows:
            result.reasons.append(_("Fila repetida: es igual a la fila %(line)s.") % {"line": self.seen_rows[values]})
            return result, None, None
        self.seen_rows[values] = line
        self.undo.clear()
        try:
            with transaction.atomic():
                institution = self.apply_institution(row, result)
                person = self.apply_person(row, institution, result)
        except RowRefused as refusal:
            self.forget_row()
            result.reasons.extend(refusal.reasons)
            result.changes.clear()
            result.created = result.updated = False
            return result, None, None
        return result, institution, person


@transaction.atomic
def directory_import(*, rows: Sequence[Mapping[str, Any]], viewer, commit: bool = False) -> ImportReport:
    """Register or update the institutions and people of ``rows`` (``read_rows``), all or nothing.

    Without ``commit`` (the preview), or when any row is refused, everything is rolled back; the report
    says, row by row, what was (or would be) created, changed or refused, and why.
    """
    run = DirectoryImport(viewer)
    report = ImportReport(rows=[run.apply_row(row)[0] for row in rows])
    if commit and not report.refused:
        report.committed = True
    else:
        transaction.set_rollback(True)
    return report
