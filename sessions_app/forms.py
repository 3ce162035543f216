"""Forms of the sessions app."""

import datetime as dt
from datetime import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import ALLOWED_EXTENSIONS, validate_upload
from core.views import add_service_errors
from council.models import Council, Seat, WorkingGroup
from members.models import Institution, Person
from sessions_app.models import AgendaItem, Invitation, Session
from sessions_app.services.rsvp import NewPerson, eligible_alternates
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


# Convocation, answers and attendance.

# Personal mailboxes: delegates are registered only with institutional contact data (aviso de privacidad).
PERSONAL_MAIL_DOMAINS = frozenset(
    {"gmail.com", "hotmail.com", "outlook.com", "live.com", "yahoo.com", "yahoo.com.mx", "icloud.com", "prodigy.net.mx"}
)


def validate_institutional_email(value: str) -> None:
    if value.rsplit("@", 1)[-1].lower() in PERSONAL_MAIL_DOMAINS:
        raise forms.ValidationError(
            _("Escriba un correo institucional; no se registran correos personales."), code="personal_email"
        )


class NewPersonFieldsMixin:
    """The fields that name a person not yet registered: institutional contact data only."""

    def new_person(self):
        data = self.cleaned_data
        if not data.get("full_name"):
            return None
        return NewPerson(
            full_name=data["full_name"].strip(),
            post=data.get("post", "").strip(),
            email=data.get("email", ""),
            honorific=data.get("honorific", "").strip(),
        )

    def _check_new_person_complete(self, *, required: bool) -> bool:
        """True when a new person was named; each missing datum is an error on its field."""
        data = self.cleaned_data
        given = [name for name in ("full_name", "post", "email") if data.get(name)]
        if not given and not required:
            return False
        for name in ("full_name", "post", "email"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, forms.ValidationError(_("Este dato es obligatorio."), code="required"))
        return True


class GuestForm(forms.Form):
    """An institution invited to this session only, and the person who receives the convocation."""

    institution = forms.ModelChoiceField(
        label=_("Institución invitada"), queryset=Institution.objects.none(), empty_label=_("Elija una institución")
    )
    person = forms.ModelChoiceField(
        label=_("Persona a quien se dirige la convocatoria"),
        queryset=Person.objects.none(),
        empty_label=_("Elija una persona"),
        help_text=_("Debe pertenecer a la institución invitada."),
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        # Institutions already invited, or holding a seat (convened with the council), are not offered.
        invited = session.invitations.values("institution_id")
        seated = Seat.objects.active().filter(council_id=session.council_id).values("institution_id")
        self.fields["institution"].queryset = (
            Institution.objects.filter(is_active=True).exclude(pk__in=invited).exclude(pk__in=seated)
        )
        self.fields["person"].queryset = Person.objects.filter(is_active=True).select_related("institution")
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.display_name} — {p.institution.short_name or p.institution}"
        )

    def clean(self):
        cleaned = super().clean()
        institution, person = cleaned.get("institution"), cleaned.get("person")
        if institution and person and person.institution_id != institution.pk:
            self.add_error(
                "person",
                forms.ValidationError(
                    _("%(person)s no pertenece a %(institution)s."),
                    code="other_institution",
                    params={"person": person, "institution": institution},
                ),
            )
        return cleaned


class AnswerForm(NewPersonFieldsMixin, forms.Form):
    """Confirm, decline or send a suplente (registered, or a new person the staff will validate)."""

    answer = forms.ChoiceField(
        label=_("Su respuesta"),
        widget=forms.RadioSelect,
        choices=[
            (Invitation.Answer.CONFIRMED, _("Confirmo mi asistencia")),
            (Invitation.Answer.ALTERNATE, _("Asistirá un(a) suplente en mi lugar")),
            (Invitation.Answer.DECLINED, _("No podré asistir y no enviaré suplente")),
        ],
    )
    alternate = forms.ModelChoiceField(
        label=_("Suplente registrado(a)"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— Otra persona (escriba sus datos abajo) —"),
    )
    honorific = forms.CharField(label=_("Tratamiento"), max_length=30, required=False, help_text=_("Lic., Mtra., Dr.…"))
    full_name = forms.CharField(label=_("Nombre completo"), max_length=200, required=False)
    post = forms.CharField(label=_("Cargo"), max_length=255, required=False)
    email = forms.EmailField(label=_("Correo institucional"), required=False, validators=[validate_institutional_email])
    comment = forms.CharField(
        label=_("Comentario para la secretaría técnica"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        alternates = eligible_alternates(invitation)
        self.fields["alternate"].queryset = alternates
        if not alternates.exists():
            del self.fields["alternate"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") != Invitation.Answer.ALTERNATE:
            return cleaned
        chosen = cleaned.get("alternate")
        named = self._check_new_person_complete(required=chosen is None)
        if chosen and named:
            raise forms.ValidationError(
                _("Elija a un suplente registrado o escriba los datos de otra persona, no ambos."),
                code="alternate_choice",
            )
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        alternate = data.get("alternate") if data["answer"] == Invitation.Answer.ALTERNATE else None
        proposed = self.new_person() if data["answer"] == Invitation.Answer.ALTERNATE and not alternate else None
        return {"answer": data["answer"], "alternate": alternate, "proposed": proposed, "comment": data["comment"]}


class ProposalValidateForm(NewPersonFieldsMixin, forms.Form):
    """The staff check the proposed suplente's data before registering the person."""

    honorific = forms.CharField(label=_("Tratamiento"), max_length=30, required=False)
    full_name = forms.CharField(label=_("Nombre completo"), max_length=200)
    post = forms.CharField(label=_("Cargo"), max_length=255)
    email = forms.EmailField(label=_("Correo institucional"), validators=[validate_institutional_email])
    add_as_alternate = forms.BooleanField(
        label=_("Registrar también como suplente del lugar de la institución"), required=False
    )


class CheckInForm(NewPersonFieldsMixin, forms.Form):
    """Who came for the institution: a registered person of it, or a new person; and the time of arrival."""

    attendee = forms.ModelChoiceField(label=_("Persona registrada"), queryset=Person.objects.none(), required=False)
    honorific = forms.CharField(label=_("Tratamiento"), max_length=30, required=False)
    full_name = forms.CharField(label=_("Nombre completo"), max_length=200, required=False)
    post = forms.CharField(label=_("Cargo"), max_length=255, required=False)
    email = forms.EmailField(label=_("Correo institucional"), required=False, validators=[validate_institutional_email])
    arrived_at = forms.TimeField(
        label=_("Hora de llegada"),
        required=False,
        help_text=_("Vacío: la hora actual."),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["attendee"].queryset = Person.objects.filter(institution_id=invitation.institution_id)

    def clean(self):
        cleaned = super().clean()
        attendee = cleaned.get("attendee")
        named = self._check_new_person_complete(required=attendee is None)
        if attendee and named:
            raise forms.ValidationError(
                _("Elija a una persona registrada o escriba los datos de una nueva, no ambos."), code="who"
            )
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        arrived_at = None
        if data.get("arrived_at"):
            day = timezone.localtime(self.invitation.session.starts_at).date()
            arrived_at = timezone.make_aware(dt.datetime.combine(day, data["arrived_at"]))
        attendee = data.get("attendee")
        return {
            "attendee": attendee,
            "new_person": None if attendee else self.new_person(),
            "arrived_at": arrived_at,
        }


class ServiceErrorsMixin:
    """Show a service's ValidationError on the form: on the field it names, or above the form."""

    # Model fields the form shows under another name (the date and times are split in the form).
    service_field_map: dict[str, str] = {}

    def add_service_error(self, error: forms.ValidationError) -> None:
        add_service_errors(self, error, field_map=self.service_field_map)


class SessionLogisticsForm(ServiceErrorsMixin, forms.Form):
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


class StatusReasonForm(ServiceErrorsMixin, forms.Form):
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


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} — {obj.institution.short_name or obj.institution.name}"


class AgendaItemForm(ServiceErrorsMixin, forms.ModelForm):
    """A point of the orden del día; ``version`` is the reading the edit started from."""

    presenter = PersonChoiceField(
        label=_("Persona que presenta"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Opcional. Si la elige, la institución se completa con la suya."),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "description", "presenter_institution", "presenter", "duration_minutes", "highlight"]
        labels = {
            "title": _("Título del punto"),
            "kind": _("Tipo de punto"),
            "description": _("Descripción"),
            "presenter_institution": _("Institución que presenta"),
            "duration_minutes": _("Duración (minutos)"),
            "highlight": _("Destacar en la nota informativa"),
        }
        help_texts = {
            "description": _("Lo que se expondrá o se someterá a acuerdo. No incluya datos de víctimas."),
            "duration_minutes": _("Con las duraciones se calcula la hora estimada de término."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter_institution"].queryset = Institution.objects.filter(is_active=True).order_by("name")
        self.fields["presenter"].queryset = (
            Person.objects.filter(is_active=True).select_related("institution").order_by("full_name")
        )
        self.fields["duration_minutes"].min_value = 1
        self.fields["duration_minutes"].max_value = 480
        self.fields["duration_minutes"].widget.attrs.update({"min": 1, "max": 480})
        self.fields["duration_minutes"].validators += [
            MinValueValidator(1, message=_("La duración debe ser de al menos un minuto.")),
            MaxValueValidator(480, message=_("Un punto no dura más de 480 minutos (8 horas).")),
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("title", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
            "description",
            Row(Column("presenter_institution", css_class="col-md-6"), Column("presenter", css_class="col-md-6")),
            Row(Column("duration_minutes", css_class="col-md-4"), Column("highlight", css_class="col-md-8 pt-md-4")),
            "version",
        )

    def item_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class AnnexForm(ServiceErrorsMixin, forms.Form):
    """A file attached to a point of the orden del día."""

    file = forms.FileField(
        label=_("Archivo"),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, imagen (PNG, JPG), CSV o texto; máximo %(limit)s."),
        error_messages={"required": _("Elija el archivo que desea anexar.")},
    )
    title = forms.CharField(
        label=_("Título"),
        max_length=255,
        required=False,
        help_text=_("Como aparecerá en el orden del día. Si lo deja vacío se usa el nombre del archivo."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.MAX_UPLOAD_SIZE)
        self.fields["file"].help_text = self.fields["file"].help_text % {"limit": limit}
        self.fields["file"].widget.attrs["accept"] = ",".join(ALLOWED_EXTENSIONS)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload
