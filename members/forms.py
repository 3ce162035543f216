"""Forms of the directory: institutions, people, and a person's login."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.uploads import IMAGE_EXTENSIONS, validate_upload
from members.models import Institution, IssuingUnit, Person, State
from members.services.directory import INSTITUTION_FIELDS, PERSON_FIELDS
from members.services.issuing_units import ISSUING_UNIT_FIELDS

LOGO_MAX_SIZE = 1024 * 1024
LOGO_EXTENSIONS = IMAGE_EXTENSIONS


class DirectoryPickerMixin:
    """A picker that lists a few options (a council's own) and validates against a wider queryset (the directory).

    ``offer`` narrows what the page lists, in one query, keeping what is already
    chosen so a form shown again loses nothing; the field's ``queryset`` still
    says what a submission may carry. Marked for ``static/js/directory-picker.js``,
    which adds a search of the directory beside the list.
    """

    search_kind = "institutions"

    def offer(self, options: QuerySet, *, chosen=(), searchable: bool = True) -> None:
        # Only ids a row may hold: a posted "²" or a 5,000-digit number is no choice (and would break int()).
        chosen_ids = [int(value) for value in chosen if _ID.fullmatch(str(value))]
        iterator = self.iterator(self)
        iterator.queryset = self.queryset.filter(Q(pk__in=options.values("pk")) | Q(pk__in=chosen_ids))
        self.widget.choices = iterator
        if searchable:
            self.widget.attrs.update(
                {
                    "data-directory-search": reverse_lazy("members:directory_search"),
                    "data-search-kind": self.search_kind,
                    "data-search-label": _("Buscar en el directorio (al menos 3 letras)"),
                    "data-search-empty": _("Sin resultados."),
                    "data-search-more": _("Ver más resultados"),
                }
            )


_ID = re.compile(r"[0-9]{1,18}")


def chosen_values(form, name: str) -> list:
    """What the field holds now: the submitted value(s) of a bound form, else its initial one(s)."""
    value = form[name].value()
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


class InstitutionChoiceField(DirectoryPickerMixin, forms.ModelChoiceField):
    """One institution to choose, shown with its acronym and place: names repeat across states."""

    def label_from_instance(self, obj):
        return obj.label_with_place()


class InstitutionMultipleChoiceField(DirectoryPickerMixin, forms.ModelMultipleChoiceField):
    """Institutions to choose, each shown with its acronym and place."""

    def label_from_instance(self, obj):
        return obj.label_with_place()


class PersonChoiceField(DirectoryPickerMixin, forms.ModelChoiceField):
    """One person to choose, shown with their institution (its short name when it has one) and its place."""

    search_kind = "people"

    def label_from_instance(self, obj):
        return f"{obj.display_name} — {obj.institution.label_with_place(short=True)}"


class PeopleChoiceField(DirectoryPickerMixin, forms.ModelMultipleChoiceField):
    """People to choose, each shown like ``PersonChoiceField``'s."""

    search_kind = "people"

    def label_from_instance(self, obj):
        return f"{obj.display_name} — {obj.institution.label_with_place(short=True)}"


class InstitutionForm(forms.ModelForm):
    """An institution's identity; the letterheads of its documents are its issuing units (``IssuingUnitForm``)."""

    class Meta:
        model = Institution
        fields = list(INSTITUTION_FIELDS)
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "is_active": _("Una institución inactiva no se ofrece para nuevos lugares ni grupos."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Nacional (sin entidad federativa)")), *State.choices]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Identidad"),
                "name",
                Row(
                    Column("short_name", css_class="col-md-4"),
                    Column("kind", css_class="col-md-4"),
                    Column("government_order", css_class="col-md-4"),
                ),
                Row(Column("state", css_class="col-md-6"), Column("municipality", css_class="col-md-6")),
                "address",
                "is_active",
            ),
        )


class IssuingUnitChoiceField(DirectoryPickerMixin, forms.ModelChoiceField):
    """One issuing unit to choose, labelled by its institution (short name first, so a list reads by institution)."""

    search_kind = "units"

    def label_from_instance(self, obj):
        institution = obj.institution
        name = f"{institution.short_name} · {institution.name}" if institution.short_name else institution.name
        lines = obj.unit_lines
        return f"{name} — {lines[-1]}" if lines else name


def issuing_unit_choices(current: int | None = None) -> QuerySet[IssuingUnit]:
    """Every active unit of the directory (plus ``current``, so an old choice is never lost on edit)."""
    return (
        IssuingUnit.objects.filter(Q(archived_at__isnull=True) | Q(pk=current or 0))
        .select_related("institution")
        .order_by("institution__short_name", "institution__name", "pk")
    )


class IssuingUnitForm(forms.ModelForm):
    """An issuing unit's letterhead: its lines, place, footer (address, phone, web), logo and oficio numbers."""

    class Meta:
        model = IssuingUnit
        fields = list(ISSUING_UNIT_FIELDS)
        widgets = {
            "lines": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"logo": _("PNG o JPEG de hasta 1 MB; aparece en el membrete de sus documentos.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "lines",
            Row(Column("place", css_class="col-md-6"), Column("oficio_pattern", css_class="col-md-6")),
            "address",
            Row(Column("phone", css_class="col-md-6"), Column("web", css_class="col-md-6")),
            "logo",
            "standing",
        )

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        # Only a new upload carries a content type (set by Django after Pillow opened it).
        if not logo or getattr(logo, "content_type", None) is None:
            return logo
        validate_upload(logo, extensions=LOGO_EXTENSIONS, limit=LOGO_MAX_SIZE)  # also makes the stored name safe
        return logo


class IssuingUnitEditForm(VersionedFormMixin, IssuingUnitForm):
    """An issuing unit being changed, with the version it was read at (``core.concurrency``)."""


class PersonForm(forms.ModelForm):
    """A person who represents an institution: post and institutional contact only."""

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        field_classes = {"institution": InstitutionChoiceField}
        help_texts = {
            "email": _("Solo el correo institucional; no registre correos ni teléfonos personales."),
            "phone": _("Conmutador y extensión de la oficina."),
        }

    def __init__(self, *args, institutions: QuerySet[Institution] | None = None, **kwargs):
        """``institutions``: those the person may be moved to (the ones the viewer keeps); any by default."""
        super().__init__(*args, **kwargs)
        current = self.instance.institution_id if self.instance.pk else None
        choices = Institution.objects.all() if institutions is None else institutions
        self.fields["institution"].queryset = choices.filter(Q(is_active=True) | Q(pk=current)).order_by("name")
        self.fields["institution"].error_messages["invalid_choice"] = _(
            "Solo puede pasar a la persona a una institución cuyos datos mantiene su consejo."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("honorific", css_class="col-md-3"), Column("full_name", css_class="col-md-9")),
            Row(Column("gender", css_class="col-md-4"), Column("post", css_class="col-md-8")),
            "institution",
            Row(Column("email", css_class="col-md-7"), Column("phone", css_class="col-md-5")),
            "is_active",
        )


class InstitutionEditForm(VersionedFormMixin, InstitutionForm):
    """An institution being changed, with the version it was read at (``core.concurrency``)."""


class PersonEditForm(VersionedFormMixin, PersonForm):
    """A person's data being changed, with the version they were read at (``core.concurrency``)."""


class AccountCreateForm(forms.Form):
    """A new login for the person, with their institutional e-mail; the password is set from a link sent there."""

    username = forms.CharField(
        label=_("nombre de usuario"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letras, números y @ . + - _ (sin espacios), p. ej. «maria.lopez»."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_username(self):
        return self.cleaned_data["username"].strip()


class AccountLinkForm(forms.Form):
    """Link the person to a login that already exists."""

    username = forms.CharField(
        label=_("nombre de usuario de la cuenta existente"),
        max_length=150,
        help_text=_("Escríbalo tal como la persona entra al sistema."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(
                _("No existe una cuenta con el nombre de usuario «%(username)s»."),
                code="unknown_user",
                params={"username": username},
            )
        self.cleaned_data["user"] = user
        return username


class TwoFactorCodeForm(forms.Form):
    """A code of the second step: six digits from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Código de verificación"),
        max_length=32,
        help_text=_("Los 6 dígitos que muestra su aplicación de autenticación, o uno de sus códigos de recuperación."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false", "autofocus": True}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class TwoFactorEnrolForm(forms.Form):
    """The first code of a newly set-up authenticator app, proving it works."""

    code = forms.CharField(
        label=_("Código de 6 dígitos que muestra la aplicación"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
