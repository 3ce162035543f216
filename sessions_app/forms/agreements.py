"""Forms about agreements: recording one, reporting progress, changing its status, filtering the tracker."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.uploads import ALLOWED_EXTENSIONS, validate_upload
from core.widgets import LongSelect
from council.models import Council
from members.forms import InstitutionChoiceField, InstitutionMultipleChoiceField, chosen_values
from members.models import Institution
from members.selectors import directory_institutions
from sessions_app.models import AgendaItem, Agreement, Session


def responsible_choices(session: Session):
    """Institutions an agreement's picker lists first: the council's current seats and those convened to it."""
    return Institution.objects.filter(
        Q(seats__council_id=session.council_id, seats__archived_at__isnull=True) | Q(invitations__session=session)
    )


class AgreementForm(forms.ModelForm):
    """An agreement's text, the agenda item it was taken under, who fulfils it and by when."""

    responsible = InstitutionMultipleChoiceField(
        label=_("Instituciones responsables"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Sus delegados verán el acuerdo en su tablero y podrán informar avances."),
    )

    class Meta:
        model = Agreement
        fields = ["agenda_item", "text", "responsible", "due_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"text": _("Redáctelo como se leerá en el acta: «La Secretaría Técnica circulará…».")}

    def __init__(self, *args, session: Session, viewer, **kwargs):
        """The responsible institutions list the council's own first and take any the ``viewer`` may find in the
        directory (an edited agreement keeps those already named)."""
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(session=session).order_by("order")
        self.fields["agenda_item"].empty_label = _("(sin punto específico)")
        current = list(self.instance.responsible.values_list("pk", flat=True)) if self.instance.pk else []
        named = Institution.objects.filter(pk__in=current)
        self.fields["responsible"].queryset = (directory_institutions(viewer) | named).distinct().order_by("name")
        self.fields["responsible"].offer(responsible_choices(session), chosen=chosen_values(self, "responsible"))

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 10:
            raise forms.ValidationError(_("Redacte el acuerdo completo (al menos 10 caracteres)."), code="too_short")
        return text

    def validate_unique(self):
        """The service numbers the agreement; nothing unique is typed here."""


class AgreementEditForm(VersionedFormMixin, AgreementForm):
    """An agreement being corrected, with the version it was read at (``core.concurrency``)."""


class ProgressReportForm(forms.Form):
    """A progress report: what was done and, optionally, a file that shows it."""

    text = forms.CharField(
        label=_("Avance"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Qué se hizo, con fechas y responsables. No incluya datos de víctimas."),
        error_messages={"required": _("Describa el avance.")},
    )
    evidence = forms.FileField(
        label=_("Evidencia (opcional)"),
        required=False,
        help_text=format_lazy(
            _("Oficio, minuta o informe. Tipos permitidos: {types}."), types=", ".join(ALLOWED_EXTENSIONS)
        ),
    )
    institution = InstitutionChoiceField(
        label=_("Institución que informa"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("(la Secretaría Técnica)"),
    )

    def __init__(self, *args, agreement: Agreement, delegate_institution_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        if delegate_institution_id is None:
            # Staff report on an institution's behalf, or as the secretariat.
            self.fields["institution"].queryset = agreement.responsible.order_by("name")
        else:
            del self.fields["institution"]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Describa el avance."), code="required")
        return text

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            validate_upload(evidence)
        return evidence


class AgreementStatusForm(forms.Form):
    """The secretariat closes an agreement (fulfilled or cancelled) or reopens it, always saying why."""

    status = forms.ChoiceField(label=_("Nuevo estado"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Motivo"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Queda en el historial del acuerdo, con la fecha y su nombre."),
        error_messages={"required": _("Indique el motivo del cambio de estado.")},
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        if agreement.is_open:
            choices = [
                (Agreement.Status.FULFILLED, _("Cumplido")),
                (Agreement.Status.CANCELLED, _("Cancelado")),
            ]
        else:
            choices = [(Agreement.Status.IN_PROGRESS, _("Reabrir (en proceso)"))]
        self.fields["status"].choices = choices
        if len(choices) == 1:
            self.fields["status"].initial = choices[0][0]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Indique el motivo del cambio de estado."), code="required")
        return reason


class _InstitutionFilter(django_filters.ModelChoiceFilter):
    field_class = InstitutionChoiceField


class AgreementFilter(django_filters.FilterSet):
    """The tracker's filters: status, responsible institution, overdue only, session."""

    status = django_filters.ChoiceFilter(label=_("Estado"), choices=Agreement.Status.choices, empty_label=_("Todos"))
    institution = _InstitutionFilter(
        label=_("Institución responsable"),
        field_name="responsible",
        queryset=Institution.objects.none(),
        empty_label=_("Todas"),
        widget=LongSelect,
    )
    session = django_filters.ModelChoiceFilter(
        label=_("Sesión"), queryset=Session.objects.none(), empty_label=_("Todas"), widget=LongSelect
    )
    overdue = django_filters.BooleanFilter(
        label=_("Solo vencidos"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Agreement
        fields = ["status", "institution", "session", "overdue"]

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["institution"].queryset = (
            Institution.objects.filter(agreements__session__council=council).distinct().order_by("name")
        )
        self.filters["session"].queryset = (
            Session.objects.filter(council=council, agreements__isnull=False)
            .select_related("working_group")
            .distinct()
            .order_by("-starts_at")
        )

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status__in=Agreement.OPEN_STATUSES, due_date__lt=timezone.localdate())
