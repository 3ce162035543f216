"""Edits made at the same time: the later save from an older reading is refused, never saved over the earlier.

1. An edit page hands out the record's *version* as it read it (``version_of``: a hash of the fields the
   form edits) in the form's hidden ``version`` field (``VersionedFormMixin``).
2. The service locks the row (``select_for_update``) and compares (``version_check``): if someone saved
   since, it refuses with ``ValidationError(code="stale")`` and writes nothing.
3. The view (``ConcurrentEditMixin``) shows the form again with status 409, keeping what the person typed,
   next to what the other person saved, field by field, with who and when (the audit history), and a link
   to start again from the current version (``templates/includes/_edit_conflict.html``). The form now
   carries the current version: saving again is a decision taken with both versions in view.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

STALE = "stale"
VERSION_FIELD = "version"
STALE_MESSAGE = _(
    "Otra persona guardó cambios después de que usted abrió este formulario; lo que usted escribió no se guardó, "
    "para no borrar lo de esa persona."
)


def _value(instance: models.Model, name: str):
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        # .all() honours a prefetch; the order of a relation is not what the form edits.
        return sorted(related.pk for related in getattr(instance, model_field.name).all())
    if model_field.is_relation:
        return getattr(instance, model_field.attname)
    if isinstance(model_field, models.FileField):
        return getattr(instance, model_field.attname).name or ""
    return model_field.value_from_object(instance)


def version_of(instance: models.Model, fields: Iterable[str]) -> str:
    """A short token of ``fields`` of ``instance`` as they are now (which row, and what the edit form shows)."""
    payload = json.dumps([instance.pk, *(_value(instance, name) for name in fields)], default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def version_check(instance: models.Model, fields: Iterable[str], version: str | None) -> None:
    """Refuse (code ``stale``) a save made from a reading older than ``instance``, the locked row as stored now.

    ``None`` is a write made from no reading (the demo's loader, a script): nothing to compare. An edit form
    always sends a string; an empty one (a form without it) is refused like an old one.
    """
    if version is not None and version != version_of(instance, fields):
        raise ValidationError(STALE_MESSAGE, code=STALE)


class VersionedFormMixin(forms.Form):
    """An edit form carrying the version of the record it was filled from, in a hidden field.

    Put it before the form it adds to (``class SeatEditForm(VersionedFormMixin, SeatForm)``): the crispy
    layout that form builds then renders the hidden field too. A form that names the mixin itself lists
    ``version`` in its layout.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (helper := getattr(self, "helper", None)) is not None:
            helper.render_hidden_fields = True

    def read_version(self) -> str:
        return self.cleaned_data.get(VERSION_FIELD) or ""


@dataclass
class ConflictRow:
    label: str
    theirs: str
    yours: str


@dataclass
class EditConflict:
    """What the conflict panel shows: who saved and when (if the history knows), and the fields that differ."""

    rows: list[ConflictRow] = field(default_factory=list)
    changed_by: str = ""
    changed_at: datetime | None = None
    reload_url: str = ""


EMPTY = _("(vacío)")


def _as_objects(form_field: forms.ModelChoiceField, values) -> list:
    values = [value for value in values if value not in (None, "")]
    pks = [value for value in values if not isinstance(value, models.Model)]
    found = {str(obj.pk): obj for obj in form_field.queryset.model._default_manager.filter(pk__in=pks)} if pks else {}
    return [value if isinstance(value, models.Model) else found.get(str(value), value) for value in values]


def _shown(form_field: forms.Field, value) -> str:
    """A value as the person reads it in the form: the option's label, Sí/No, a local date."""
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        objects = _as_objects(form_field, list(value or []))
        labels = sorted(str(form_field.label_from_instance(obj)) for obj in objects)
        return "\n".join(labels) if labels else str(EMPTY)
    if isinstance(form_field, forms.ModelChoiceField):
        objects = _as_objects(form_field, [value])
        return str(form_field.label_from_instance(objects[0])) if objects else str(EMPTY)
    if isinstance(form_field, forms.BooleanField):
        return str(_("Sí") if value else _("No"))
    if isinstance(form_field, forms.ChoiceField):
        labels = {str(key): label for key, label in form_field.choices if not isinstance(label, list | tuple)}
        return str(labels.get(str(value), value)) if value not in (None, "") else str(EMPTY)
    if isinstance(form_field, forms.FileField):
        return getattr(value, "name", "") or str(EMPTY)
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, date | time | datetime):
        return formats.localize(value)
    text = "" if value is None else str(value)
    return text.replace("\r\n", "\n").strip() or str(EMPTY)


def _differs(form_field: forms.Field, initial, data) -> bool:
    if isinstance(form_field, forms.CharField) and not isinstance(form_field, forms.ModelChoiceField):
        normal = [str(value or "").replace("\r\n", "\n").strip() for value in (initial, data)]
        return normal[0] != normal[1]
    return form_field.has_changed(initial, data)


def conflict_rows(typed: forms.BaseForm, current: forms.BaseForm) -> list[ConflictRow]:
    """The fields where what was typed (``typed``, bound) differs from what is stored (``current``, unbound)."""
    rows = []
    for name, form_field in typed.fields.items():
        if name == VERSION_FIELD or form_field.disabled or isinstance(form_field.widget, forms.HiddenInput):
            continue
        if name not in current.fields:
            continue
        stored = current[name].initial
        if not _differs(form_field, stored, typed[name].data):
            continue
        yours = typed.cleaned_data[name] if name in typed.cleaned_data else typed[name].data
        rows.append(
            ConflictRow(
                label=str(form_field.label or name), theirs=_shown(form_field, stored), yours=_shown(form_field, yours)
            )
        )
    return rows


def last_change(instance: models.Model) -> tuple[str, datetime | None]:
    """Who saved ``instance`` last and when, from its audit history (empty when the history does not say)."""
    history = getattr(instance, "history", None)
    record = history.select_related("history_user").first() if history is not None else None
    if record is None:
        return "", None
    user = record.history_user
    name = (user.get_full_name() or user.get_username()) if user is not None else ""
    return name, record.history_date


class ConcurrentEditMixin:
    """An edit page whose save is refused (409, with the conflict panel) when someone saved the record since.

    The view says which record it edits (``get_edited``), how to read it again (``reread_edited``: by default
    ``refresh_from_db``) and its version (``edited_version``: the service's ``<entity>_version``). Its form
    uses ``VersionedFormMixin`` and its service takes ``version=form.read_version()``.
    """

    def get_edited(self) -> models.Model:
        raise NotImplementedError

    def edited_version(self, edited: models.Model) -> str:
        raise NotImplementedError

    def reread_edited(self) -> models.Model:
        edited = self.get_edited()
        edited.refresh_from_db()
        return edited

    def get_initial(self):
        return {**super().get_initial(), VERSION_FIELD: self.edited_version(self.get_edited())}

    def form_invalid(self, form):
        if not form.has_error(NON_FIELD_ERRORS, STALE):
            return super().form_invalid(form)
        edited = self.reread_edited()
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        current = self.get_form_class()(**kwargs)
        changed_by, changed_at = last_change(edited)
        conflict = EditConflict(
            rows=conflict_rows(form, current),
            changed_by=changed_by,
            changed_at=changed_at,
            reload_url=self.request.get_full_path(),
        )
        # Saving again now is made from the current version: what is typed replaces it, knowingly.
        form.data = form.data.copy()
        form.data[form.add_prefix(VERSION_FIELD)] = current[VERSION_FIELD].initial
        return self.render_to_response(self.get_context_data(form=form, conflict=conflict), status=409)
