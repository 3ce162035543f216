"""Import and export of the directory as a spreadsheet (XLSX or CSV): reading, matching, applying, writing.

A file has one row per person, with the institution's data repeated on each of its people's rows (a row
without a person registers the institution alone). Rows are matched on natural keys: an institution by its
name within its place (state and municipality, ignoring case and accents, as the directory's uniqueness
does), a person by their institutional e-mail. An empty cell leaves what the directory holds; a cell with a
value sets it. So importing the same file twice, or a file the export wrote, changes nothing.

``directory_import`` plans every row in memory against the directory read once (a fixed number of queries,
nothing written: that is the preview), then, told to commit and with no row refused, writes the plan in bulk,
with history, in one transaction.
"""

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.spreadsheets import normalized
from core.versions import directory_changed
from members.models import Institution, IssuingUnit, Person, State
from members.permissions import as_viewer, editable_institutions
from members.services.directory import INSTITUTION_FIELDS, PERSON_FIELDS, _assign

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


def _validated(instance, exclude: Iterable[str] = ()) -> None:
    """Validate a planned object in memory: no query per row. Uniqueness is the run's (the file's rows are
    matched by the same natural keys), and the database's constraints still hold when the plan is applied."""
    instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


class DirectoryImport:
    """One run over a file's rows: the directory as it was before, and what this run would register.

    Matching and validating write nothing: every row is planned in memory against the directory read once
    (institutions by natural key, people by e-mail), so a preview costs a fixed number of queries. ``apply``
    then writes the plan in bulk, with history, in the caller's transaction.
    """

    def __init__(self, viewer):
        self.viewer = as_viewer(viewer)
        # Rights are those held before the import: an institution the import itself creates is the importer's.
        self.editable = set(editable_institutions(self.viewer).values_list("pk", flat=True))
        self.institutions = {self.institution_key_of(i): i for i in Institution.objects.all()}
        self.people: dict[str, list[Person]] = {}
        for person in Person.objects.exclude(email="").select_related("institution"):
            self.people.setdefault(person.email.strip().casefold(), []).append(person)
        self.institution_rows: dict[tuple, tuple[int, dict]] = {}
        self.email_rows: dict[str, int] = {}
        self.seen_rows: dict[tuple, int] = {}
        self.undo: list[tuple[dict, Any, Any]] = []
        # The plan: new institutions (by key), changed ones (by key), new people with their institution's key,
        # changed people (by pk); each with the fields it sets. A row adds to it only when it is not refused.
        self.new_institutions: set[tuple] = set()
        self.changed_institutions: dict[tuple, set[str]] = {}
        self.new_people: dict[str, tuple] = {}
        self.changed_people: dict[int, tuple[str, set[str]]] = {}
        self.row_plan: list[tuple[dict, Any, Any]] = []

    def remember(self, memo: dict, key) -> None:
        """Note a memo's entry before a row changes it: a refused row leaves nothing behind, and so is this."""
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
        return institution.pk is None or institution.pk in self.editable

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
            institution = Institution()
            _assign(institution, INSTITUTION_FIELDS, data)
            try:
                _validated(institution)
                _validated(IssuingUnit(institution=institution, address=institution.address), exclude=["institution"])
            except ValidationError as error:
                raise RowRefused(*error_reasons(error, Institution)) from error
            self.remember(self.institutions, key)
            self.institutions[key] = institution
            self.row_plan.append((self.new_institutions, key, True))
            result.created = True
            result.changes.append(_("Registra la institución %(name)s.") % {"name": institution.label_with_place()})
            return institution
        changed = _changed(institution, data)
        if changed:
            if not self.may_edit(institution):
                raise self.refuse_edit(institution)
            institution = copy.copy(institution)  # the directory's as read stays, should the row be refused
            _assign(institution, INSTITUTION_FIELDS, data)
            try:
                _validated(institution)
            except ValidationError as error:
                raise RowRefused(*error_reasons(error, Institution)) from error
            self.remember(self.institutions, key)
            self.institutions[key] = institution
            if institution.pk is not None:
                fields = self.changed_institutions.get(key, set()) | set(changed)
                self.row_plan.append((self.changed_institutions, key, fields))
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
            person = Person(institution=institution)
            _assign(person, PERSON_FIELDS, data)
            try:
                _validated(person, exclude=["institution"])
            except ValidationError as error:
                raise RowRefused(*error_reasons(error, Person)) from error
            self.remember(self.people, folded)
            self.people[folded] = [person]
            self.row_plan.append((self.new_people, folded, self.institution_key_of(institution)))
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
            person = copy.copy(person)
            _assign(person, PERSON_FIELDS, data)
            try:
                _validated(person, exclude=["institution"])
            except ValidationError as error:
                raise RowRefused(*error_reasons(error, Person)) from error
            self.remember(self.people, folded)
            self.people[folded] = [person]
            self.row_plan.append((self.changed_people, person.pk, (folded, set(changed))))
            result.updated = True
            result.changes.append(
                _("Cambia %(fields)s de %(person)s.")
                % {"fields": _verbose(Person, changed), "person": person.display_name}
            )
        return person

    def apply_row(self, row: Mapping[str, Any]) -> tuple[RowResult, Institution | None, Person | None]:
        """Plan one row: a refused row leaves nothing behind, neither in the plan nor in what later rows match."""
        line = row["line"]
        label = " · ".join(value for value in (row.get("institution", ""), row.get("full_name", "")) if value)
        result = RowResult(line=line, label=label)
        values = tuple(sorted((key, value) for key, value in row.items() if key != "line"))
        if values in self.seen_rows:
            result.reasons.append(_("Fila repetida: es igual a la fila %(line)s.") % {"line": self.seen_rows[values]})
            return result, None, None
        self.seen_rows[values] = line
        self.undo.clear()
        self.row_plan.clear()
        try:
            institution = self.apply_institution(row, result)
            person = self.apply_person(row, institution, result)
        except RowRefused as refusal:
            self.forget_row()
            result.reasons.extend(refusal.reasons)
            result.changes.clear()
            result.created = result.updated = False
            return result, None, None
        for plan, key, value in self.row_plan:
            if isinstance(plan, set):
                plan.add(key)
            else:
                plan[key] = value
        return result, institution, person

    def apply(self) -> None:
        """Write the plan in bulk, with a historical record for every created or changed row.

        Bulk writes send no signal: the directory's cache version is replaced here.
        """
        user = self.viewer.user if getattr(self.viewer.user, "pk", None) else None
        institutions = [self.institutions[key] for key in self.new_institutions]
        if institutions:
            bulk_create_with_history(institutions, Institution, batch_size=500, default_user=user)
            units = [IssuingUnit(institution=i, address=i.address) for i in institutions]
            bulk_create_with_history(units, IssuingUnit, batch_size=500, default_user=user)
        changed = [(self.institutions[key], fields) for key, fields in self.changed_institutions.items()]
        for fields in {frozenset(fields) for _i, fields in changed}:
            objects = [i for i, f in changed if frozenset(f) == fields]
            bulk_update_with_history(objects, Institution, sorted(fields), batch_size=500, default_user=user)
        people = []
        for folded, key in self.new_people.items():
            person = self.people[folded][0]
            person.institution = self.institutions[key]
            people.append(person)
        if people:
            bulk_create_with_history(people, Person, batch_size=500, default_user=user)
        changed = [(self.people[folded][0], fields) for folded, fields in self.changed_people.values()]
        for fields in {frozenset(fields) for _p, fields in changed}:
            objects = [p for p, f in changed if frozenset(f) == fields]
            bulk_update_with_history(objects, Person, sorted(fields), batch_size=500, default_user=user)
        if institutions or changed or people or self.changed_institutions:
            directory_changed()


@transaction.atomic
def directory_import(*, rows: Sequence[Mapping[str, Any]], viewer, commit: bool = False) -> ImportReport:
    """Register or update the institutions and people of ``rows`` (``read_rows``), all or nothing.

    The rows are matched and validated without writing; the report says, row by row, what is (or would be)
    created, changed or refused, and why. Only with ``commit`` and no row refused is the plan written, in bulk
    and in one transaction; the preview writes nothing.
    """
    run = DirectoryImport(viewer)
    report = ImportReport(rows=[run.apply_row(row)[0] for row in rows])
    if commit and not report.refused:
        run.apply()
        report.committed = True
    return report
