"""Forms of the sessions app."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import Seat
from members.models import Institution, Person
from sessions_app.models import Invitation, Session
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
