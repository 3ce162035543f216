"""Forms of the secretariat's workspace: councils, seats and working groups.

Format checks live here (``clean_*``); the rules about the council's
composition live in the services, whose errors the views show on these forms.
"""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from council.models import Council, Seat, WorkingGroup
from council.selectors import council_institutions, council_people, managed_councils_institutions
from council.services.councils import COUNCIL_FIELDS
from members.forms import (
    InstitutionChoiceField,
    InstitutionMultipleChoiceField,
    IssuingUnitChoiceField,
    PeopleChoiceField,
    PersonChoiceField,
    chosen_values,
    issuing_unit_choices,
)
from members.models import Institution, Person
from members.selectors import directory_institutions, directory_people

_PREFIX = re.compile(r"^[A-Z0-9Ñ-]+$")


class _NoModelConstraintsMixin:
    """The services check the model's constraints and explain them field by field; skip the generic check."""

    def validate_unique(self):
        pass


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.username})" if full_name else obj.username


def _institutions(viewer, current: list[int | None]):
    """The institutions the ``viewer`` may find in the directory, plus those already chosen (so an old choice is
    never lost on edit)."""
    kept = Institution.objects.filter(pk__in=[pk for pk in current if pk])
    return (directory_institutions(viewer) | kept).distinct().order_by("name")


class CouncilForm(forms.ModelForm):
    """A council's identity, rules and staff."""

    staff = UserChoiceField(
        label=_("personal de la secretaría técnica"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Cuentas que administran este consejo. Mantenga presionada Ctrl (Cmd en Mac) para elegir varias."),
    )

    class Meta:
        model = Council
        fields = [*COUNCIL_FIELDS, "staff"]
        widgets = {
            "installed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "copy_to": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {
            "presiding_institution": InstitutionChoiceField,
            "secretariat_institution": InstitutionChoiceField,
            "default_issuing_unit": IssuingUnitChoiceField,
        }

    def __init__(self, *args, viewer, user=None, **kwargs):
        """The institution pickers list those the ``viewer``'s councils already use (a new council has no seats)
        and take any the viewer may find in the directory."""
        super().__init__(*args, **kwargs)
        self.user = user
        current = [self.instance.presiding_institution_id, self.instance.secretariat_institution_id]
        for name in ("presiding_institution", "secretariat_institution"):
            self.fields[name].queryset = _institutions(viewer, current)
            self.fields[name].offer(managed_councils_institutions(viewer), chosen=chosen_values(self, name))
        self.fields["default_issuing_unit"].queryset = issuing_unit_choices(self.instance.default_issuing_unit_id)
        self.fields["default_issuing_unit"].empty_label = _("La primera unidad de la secretaría técnica")
        self.fields["reminder_days"].help_text = _("Entre 0 y 30 días antes de la sesión.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Identidad"),
                "name",
                Row(Column("short_name", css_class="col-md-6"), Column("kind", css_class="col-md-6")),
                Row(Column("article", css_class="col-md-6"), Column("installed_on", css_class="col-md-6")),
                Row(Column("jurisdiction", css_class="col-md-6"), Column("default_city", css_class="col-md-6")),
                "legal_basis",
                "purpose",
                Row(
                    Column("presiding_institution", css_class="col-md-6"),
                    Column("secretariat_institution", css_class="col-md-6"),
                ),
                "default_issuing_unit",
                "copy_to",
            ),
            Fieldset(
                _("Reglas"),
                Row(Column("quorum_rule", css_class="col-md-6"), Column("second_call_rule", css_class="col-md-6")),
                "casting_vote",
                Row(Column("agreement_prefix", css_class="col-md-6"), Column("reminder_days", css_class="col-md-6")),
            ),
            Fieldset(_("Secretaría técnica"), "secretariat_email", "staff"),
        )

    def clean_agreement_prefix(self):
        prefix = self.cleaned_data["agreement_prefix"].strip().upper()
        if not _PREFIX.match(prefix):
            raise forms.ValidationError(
                _("Use solo letras, números y guiones, sin espacios ni diagonales; p. ej. «CINL»."),
                code="agreement_prefix_format",
            )
        return prefix

    def clean_staff(self):
        staff = self.cleaned_data["staff"]
        # Staff who drop themselves lose the council at once; another staff member or an admin does it.
        editing_own = self.instance.pk and self.user is not None and not self.user.is_superuser
        if editing_own and self.user not in staff:
            raise forms.ValidationError(
                _("No puede quitarse a sí mismo del personal; pídalo a otra persona de la secretaría técnica."),
                code="staff_self_removal",
            )
        return staff

    def clean_reminder_days(self):
        days = self.cleaned_data["reminder_days"]
        if days > 30:
            raise forms.ValidationError(
                _("El recordatorio se envía entre 0 y 30 días antes de la sesión."), code="reminder_days_range"
            )
        return days


class SeatForm(_NoModelConstraintsMixin, forms.ModelForm):
    """An institution's place in the council; on edit the institution is fixed."""

    principal = PersonChoiceField(
        label=_("titular"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Debe pertenecer a la institución del lugar. Déjelo vacío si está vacante."),
    )
    alternates = PeopleChoiceField(
        label=_("suplentes"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Una o más personas de la misma institución que pueden asistir en lugar de la titular."),
    )

    class Meta:
        model = Seat
        fields = ["institution", "role", "has_vote", "principal", "alternates", "valid_from", "valid_to", "order"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {"institution": InstitutionChoiceField}
        help_texts = {
            "valid_from": _("Déjelo vacío si el lugar existe desde la instalación del consejo."),
            "has_vote": _("Un invitado permanente tiene voz pero nunca voto."),
            "order": _("Posición en la lista de integrantes y en los documentos."),
        }

    def __init__(self, *args, council: Council, viewer, **kwargs):
        """A new seat lists the council's institutions and people first and takes any the ``viewer`` may find in
        the directory; an edited seat keeps its institution and lists that institution's people."""
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        if editing:
            self.fields["institution"].disabled = True
            self.fields["institution"].queryset = Institution.objects.filter(pk=self.instance.institution_id)
            current = [self.instance.principal_id, *self.instance.alternate_links.values_list("person_id", flat=True)]
            people = Person.objects.select_related("institution").filter(
                Q(institution_id=self.instance.institution_id, is_active=True) | Q(pk__in=[pk for pk in current if pk])
            )
            self.initial.setdefault("alternates", current[1:])
        else:
            self.fields["institution"].queryset = directory_institutions(viewer).order_by("name")
            people = directory_people(viewer)
        people = people.order_by("institution__name", "full_name")
        self.fields["principal"].queryset = people
        self.fields["alternates"].queryset = people
        if not editing:
            self.fields["institution"].offer(
                council_institutions(council.pk), chosen=chosen_values(self, "institution")
            )
            for name in ("principal", "alternates"):
                self.fields[name].offer(council_people(council.pk), chosen=chosen_values(self, name))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "institution",
            Row(Column("role", css_class="col-md-6"), Column("has_vote", css_class="col-md-6 pt-md-4")),
            "principal",
            "alternates",
            Row(
                Column("valid_from", css_class="col-md-4"),
                Column("valid_to", css_class="col-md-4"),
                Column("order", css_class="col-md-4"),
            ),
        )


class WorkingGroupForm(_NoModelConstraintsMixin, forms.ModelForm):
    """A working group: its mandate, coordination, members, the session that formed it, and its status."""

    class Meta:
        model = WorkingGroup
        fields = ["name", "mandate", "coordinator", "members", "formed_at", "status"]
        widgets = {
            "mandate": forms.Textarea(attrs={"rows": 3}),
            "members": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {"coordinator": InstitutionChoiceField, "members": InstitutionMultipleChoiceField}
        help_texts = {
            "members": _("Instituciones con lugar vigente en el consejo. La coordinadora se incluye siempre."),
        }

    def __init__(self, *args, council: Council, viewer, **kwargs):
        """The coordinator and members list the council's institutions first and take any the ``viewer`` may find
        in the directory (an edited group keeps its own)."""
        super().__init__(*args, **kwargs)
        current = list(self.instance.members.values_list("pk", flat=True)) if self.instance.pk else []
        current.append(self.instance.coordinator_id)
        institutions = _institutions(viewer, current)
        for name in ("coordinator", "members"):
            self.fields[name].queryset = institutions
            self.fields[name].offer(council_institutions(council.pk), chosen=chosen_values(self, name))
        # The plenary sessions of the council (the field's model is sessions_app's Session, which this app
        # does not import: sessions come after councils).
        session_model = self.fields["formed_at"].queryset.model
        sessions = session_model.objects.filter(council=council, working_group__isnull=True).exclude(
            status__in=[session_model.Status.CANCELLED, session_model.Status.POSTPONED]
        )
        self.fields["formed_at"].queryset = sessions.order_by("-starts_at")
        self.fields["formed_at"].label_from_instance = lambda session: (
            f"{session.title} ({timezone.localtime(session.starts_at):%d/%m/%Y})"
        )
        self.fields["formed_at"].required = self.instance.pk is None or self.instance.formed_at_id is not None
        self.fields["formed_at"].empty_label = _("Elija la sesión del pleno")
        self.helper = FormHelper()
        self.helper.form_tag = False


class CouncilEditForm(VersionedFormMixin, CouncilForm):
    """A council's data and staff being changed, with the version they were read at (``core.concurrency``)."""


class SeatEditForm(VersionedFormMixin, SeatForm):
    """A seat being changed, with the version it was read at (``core.concurrency``)."""


class WorkingGroupEditForm(VersionedFormMixin, WorkingGroupForm):
    """A working group being changed, with the version it was read at (``core.concurrency``)."""
