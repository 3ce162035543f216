"""Forms for scheduling a session, editing its logistics, and its status moves."""

from datetime import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from council.models import Council, WorkingGroup
from sessions_app.models import Session
from sessions_app.services.sessions import next_session_number, session_year


class SessionAdminForm(forms.ModelForm):
    """Admin form: the number is assigned when left blank, and a duplicate is refused with a message."""

    number = forms.IntegerField(
        label=_("número"), min_value=1, required=False, help_text=_("Déjelo vacío para asignar el siguiente.")
    )

    class Meta:
        model = Session
        fields = [
            "council",
            "working_group",
            "kind",
            "starts_at",
            "ends_at",
            "venue",
            "city",
            "state",
            "modality",
            "video_url",
            "status",
            "status_reason",
            "call",
            "quorum_met",
            "quorum_present",
            "quorum_required",
            "quorum_declared_at",
            "closing_remarks",
        ]

    def clean(self):
        cleaned = super().clean()
        starts_at = cleaned.get("starts_at")
        council = cleaned.get("council")
        kind = cleaned.get("kind")
        if not (starts_at and council and kind):
            return cleaned
        year = session_year(starts_at)
        group = cleaned.get("working_group")
        if not cleaned.get("number"):
            cleaned["number"] = next_session_number(council=council, working_group=group, kind=kind, year=year)
        duplicates = Session.objects.filter(
            council=council, working_group=group, kind=kind, year=year, number=cleaned["number"]
        ).exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(
                _("Ya existe la %(title)s en este consejo."),
                code="duplicate_number",
                params={"title": duplicates.first().title},
            )
        self.instance.year = year
        self.instance.number = cleaned["number"]
        return cleaned


class SessionLogisticsForm(forms.Form):
    """When, where and how a session meets: the part of a session staff may edit while it is draft or convened."""

    date = forms.DateField(label=_("Fecha"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Hora de inicio"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Hora de término"), widget=forms.TimeInput(attrs={"type": "time"}))
    venue = forms.CharField(
        label=_("Sede"), max_length=255, required=False, help_text=_("Edificio y sala, p. ej. «Palacio de Gobierno».")
    )
    city = forms.CharField(label=_("Ciudad"), max_length=120, required=False)
    state = forms.CharField(label=_("Entidad federativa"), max_length=80, required=False)
    modality = forms.ChoiceField(label=_("Modalidad"), choices=Session.Modality.choices, initial="in_person")
    video_url = forms.URLField(
        label=_("Enlace de videoconferencia"),
        required=False,
        assume_scheme="https",
        help_text=_("Obligatorio si la sesión es virtual o híbrida."),
    )

    # The service names the model's fields; this form shows them as a date and times (core.views.add_service_errors).
    service_field_map = {"starts_at": "date", "ends_at": "end_time"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.layout_fields())

    def layout_fields(self) -> list:
        return [
            Row(
                Column("date", css_class="col-md-4"),
                Column("start_time", css_class="col-6 col-md-4"),
                Column("end_time", css_class="col-6 col-md-4"),
            ),
            "venue",
            Row(Column("city", css_class="col-md-6"), Column("state", css_class="col-md-6")),
            Row(Column("modality", css_class="col-md-4"), Column("video_url", css_class="col-md-8")),
        ]

    @classmethod
    def initial_for(cls, session: Session) -> dict:
        starts_at, ends_at = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {
            "date": starts_at.date(),
            "start_time": starts_at.time().replace(second=0, microsecond=0),
            "end_time": ends_at.time().replace(second=0, microsecond=0),
            **{field: getattr(session, field) for field in ("venue", "city", "state", "modality", "video_url")},
        }

    def clean(self):
        cleaned = super().clean()
        date, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if date and start and end:
            if end <= start:
                self.add_error(
                    "end_time",
                    forms.ValidationError(
                        _("La hora de término debe ser posterior a la de inicio."), code="ends_before_start"
                    ),
                )
            else:
                tz = timezone.get_current_timezone()
                cleaned["starts_at"] = timezone.make_aware(datetime.combine(date, start), tz)
                cleaned["ends_at"] = timezone.make_aware(datetime.combine(date, end), tz)
        virtual = cleaned.get("modality") in (Session.Modality.VIRTUAL, Session.Modality.HYBRID)
        if virtual and not cleaned.get("video_url") and "video_url" not in self.errors:
            self.add_error(
                "video_url",
                forms.ValidationError(
                    _("Una sesión virtual o híbrida necesita el enlace de videoconferencia."),
                    code="video_url_required",
                ),
            )
        return cleaned

    def logistics(self) -> dict:
        """The cleaned data as the session services take it."""
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            **{field: data[field] for field in ("venue", "city", "state", "modality", "video_url")},
        }


class SessionEditForm(VersionedFormMixin, SessionLogisticsForm):
    """A scheduled session's logistics, with the version they were read at (``core.concurrency``)."""


class SessionScheduleForm(SessionLogisticsForm):
    """Schedule a session of a council or of one of its working groups; its number is assigned, never typed."""

    working_group = forms.ModelChoiceField(
        label=_("Órgano que sesiona"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        empty_label=_("Pleno del consejo"),
        help_text=_("Déjelo en «Pleno del consejo» salvo que sesione uno de sus grupos de trabajo."),
    )
    kind = forms.ChoiceField(
        label=_("Tipo de sesión"),
        choices=Session.Kind.choices,
        initial=Session.Kind.ORDINARY,
        help_text=_("El número de la sesión en el año se asigna automáticamente."),
    )

    def __init__(self, *args, council: Council, **kwargs):
        self.council = council
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = WorkingGroup.objects.filter(
            council=council, status=WorkingGroup.Status.ACTIVE
        ).order_by("name")
        if not self.is_bound:
            self.fields["city"].initial = council.default_city

    def layout_fields(self) -> list:
        return [
            Row(Column("working_group", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
            *super().layout_fields(),
        ]

    def logistics(self) -> dict:
        return {
            **super().logistics(),
            "kind": self.cleaned_data["kind"],
            "working_group": self.cleaned_data["working_group"],
        }


class StatusReasonForm(forms.Form):
    """Why a session is cancelled or postponed; kept on the session and in its history."""

    reason = forms.CharField(
        label=_("Motivo"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Se conserva en el historial de la sesión."),
        error_messages={"required": _("Indique el motivo.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RescheduleForm(SessionLogisticsForm):
    """The new date and times of a postponed session."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("venue", "city", "state", "modality", "video_url"):
            del self.fields[field]

    def layout_fields(self) -> list:
        return [
            Row(
                Column("date", css_class="col-md-4"),
                Column("start_time", css_class="col-6 col-md-4"),
                Column("end_time", css_class="col-6 col-md-4"),
            )
        ]
