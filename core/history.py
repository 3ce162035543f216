"""Audit history pages: who changed what and when, field by field, across the models of one scope.

Every domain model keeps its history with django-simple-history. An app
registers, for a named scope ("council", "session"), each of its models with
the path from that model to the scope's id (``register``); a history page
gathers the changes of every model registered in the scope (``history_page``).
Each entry says who (the logged-in user, or the system for background work),
when, what object, and for a change the old and the new value of each field
(``diff_against``). A model may name its historical rows itself with a
``history_label(record)`` static method; a model that records events (an
attempt, a check) may say what its creation means (``history_action``) and
who a record without a user is (``history_anonymous``).

The reads issue a fixed number of queries whatever the size of the history:
one page of entries is chosen by a UNION over the historical tables, then each
model on the page is read in one query, its previous versions in another, and
the objects its foreign keys point to in one query per target model.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core.wording import long_date

PAGE_SIZE = 25

# scope name -> {model label: path from the model to the scope's id}; filled by each app's ``history`` module.
SCOPES: dict[str, dict[str, str]] = defaultdict(dict)
# Models with history that no council page shows (the shared directory: its history is in the Django admin).
OUTSIDE_SCOPES: set[str] = set()
# Fields whose changes say nothing to a reader (a calendar event's version number), by model label.
QUIET_FIELDS: dict[str, set[str]] = defaultdict(set)


def register(scope: str, label: str, path: str, *, quiet: tuple[str, ...] = ()) -> None:
    """Show the changes of model ``label`` on the ``scope`` history page whose id is reached by ``path``."""
    SCOPES[scope][label] = path
    QUIET_FIELDS[label].update(quiet)


def register_outside(label: str) -> None:
    """Model ``label`` keeps a history that no scope's page shows."""
    OUTSIDE_SCOPES.add(label)


ACTIONS = {"+": _("Creó"), "~": _("Modificó"), "-": _("Eliminó")}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    """One recorded change: who, when, which object, and what changed."""

    when: object
    who: str
    code: str  # "+" created, "~" changed, "-" deleted
    action: str
    kind: str
    object_label: str
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def history_page(scope: str, pk: int, page: int | str = 1) -> Page:
    """A page of the changes to the models registered in ``scope`` for the object ``pk``, newest first."""
    return _history(SCOPES[scope], pk, page)


def _history_model(label: str):
    return apps.get_model(label).history.model


def _history(scope: dict[str, str], pk: int, page: int | str) -> Page:
    rows = None
    for index, (label, path) in enumerate(scope.items()):
        part = (
            _history_model(label)
            .objects.filter(**{path: pk})
            .annotate(scope_index=Value(index, output_field=models.IntegerField()))
            .values("history_id", "history_date", "scope_index")
            .order_by()
        )
        rows = part if rows is None else rows.union(part, all=True)
    rows = rows.order_by("-history_date", "-history_id")
    page_obj = Paginator(rows, PAGE_SIZE).get_page(page)
    labels = list(scope)
    page_obj.object_list = _entries([(labels[row["scope_index"]], row["history_id"]) for row in page_obj.object_list])
    return page_obj


def _entries(keys: list[tuple[str, int]]) -> list[Entry]:
    """The entries for (model label, history id) pairs, in the given order, with a bounded number of queries."""
    by_model: dict[str, list[int]] = defaultdict(list)
    for label, history_id in keys:
        by_model[label].append(history_id)

    records, previous = {}, {}
    for label, ids in by_model.items():
        history_model = _history_model(label)
        earlier = history_model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
            "-history_date", "-history_id"
        )
        found = list(
            history_model.objects.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(previous_id=Subquery(earlier.values("history_id")[:1]))
        )
        for record in found:
            records[(label, record.history_id)] = record
        previous_ids = [record.previous_id for record in found if record.previous_id]
        for record in history_model.objects.filter(history_id__in=previous_ids):
            previous[(label, record.history_id)] = record

    names = _ForeignKeyNames()
    for (label, _history_id), record in records.items():
        names.want(label, record)
        if record.previous_id:
            names.want(label, previous[(label, record.previous_id)])
    names.fetch()

    entries = []
    for label, history_id in keys:
        record = records[(label, history_id)]
        older = previous.get((label, record.previous_id)) if record.previous_id else None
        entries.append(_entry(label, record, older, names))
    return entries


def _entry(label: str, record, older, names: "_ForeignKeyNames") -> Entry:
    model = apps.get_model(label)
    changes = []
    if record.history_type == "~" and older is not None:
        delta = record.diff_against(older, excluded_fields=QUIET_FIELDS.get(label, set()))
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            changes.append(
                FieldChange(
                    label=str(model_field.verbose_name).capitalize(),
                    old=_display(model_field, change.old, names),
                    new=_display(model_field, change.new, names),
                )
            )
    user = record.history_user
    nobody = getattr(model, "history_anonymous", None) or _("Sistema (proceso automático)")
    who = (user.get_full_name() or user.get_username()) if user else str(nobody)
    action = ACTIONS.get(record.history_type, record.history_type)
    if record.history_type == "+" and hasattr(model, "history_action"):
        action = model.history_action  # a record of an event (a failed signature, a check), not a thing made
    return Entry(
        when=record.history_date,
        who=who,
        code=record.history_type,
        action=str(action),
        kind=str(model._meta.verbose_name).capitalize(),
        object_label=_object_label(model, record, names),
        reason=record.history_change_reason or "",
        changes=changes,
    )


def _object_label(model, record, names: "_ForeignKeyNames") -> str:
    """A name for the object of a historical record, without a query per record."""
    if hasattr(model, "history_label"):
        return model.history_label(record)
    for attribute in ("name", "title", "number"):
        value = getattr(record, attribute, None)
        if value and isinstance(value, str):
            return value
    for foreign_key in ("institution", "person", "agreement", "agenda_item", "invitation", "vote", "session"):
        try:
            model_field = model._meta.get_field(foreign_key)
        except FieldDoesNotExist:
            continue
        value = getattr(record, model_field.attname, None)
        if _is_foreign_key(model_field) and value is not None:
            return names.get(model_field.related_model, value)
    return f"#{record.id}"


def _is_foreign_key(model_field) -> bool:
    return model_field.is_relation and model_field.concrete and (model_field.many_to_one or model_field.one_to_one)


def _display(model_field, value, names: "_ForeignKeyNames") -> str:
    """A value as a reader would write it: names for foreign keys and choices, Sí/No, local dates."""
    if value is None or value == "":
        return "—"
    if _is_foreign_key(model_field):
        return names.get(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Sí") if value else _("No"))
    if isinstance(model_field, models.DateTimeField):
        return long_date(value, "datetime")  # "6 de diciembre de 2026, 9:30 horas", not Django's "6 de Diciembre"
    if isinstance(model_field, models.DateField):
        return long_date(value)
    if isinstance(model_field, models.FileField):
        return str(getattr(value, "name", value)).rsplit("/", 1)[-1] or "—"
    return str(formats.localize(value))


class _ForeignKeyNames:
    """Collects the targets of foreign keys on a page of records and reads them in one query per model."""

    def __init__(self):
        self.wanted: dict[type, set] = defaultdict(set)
        self.found: dict[type, dict] = {}

    def want(self, label: str, record) -> None:
        for model_field in apps.get_model(label)._meta.fields:
            if _is_foreign_key(model_field):
                value = getattr(record, model_field.attname, None)
                if value is not None:
                    self.wanted[model_field.related_model].add(value)

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            # str() of a target may read its own foreign keys (a seat names its institution): join them.
            related = [f.name for f in model._meta.fields if _is_foreign_key(f) and not f.null]
            self.found[model] = model._default_manager.select_related(*related).in_bulk(ids)

    def get(self, model, pk) -> str:
        target = self.found.get(model, {}).get(pk)
        return str(target) if target is not None else f"#{pk}"
