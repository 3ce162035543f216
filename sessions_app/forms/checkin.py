"""The check-in form of the day of the session."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Person
from sessions_app.forms.people import NewPersonFieldsMixin, validate_institutional_email
from sessions_app.models import Invitation


def session_day_time(session, time: dt.time | None) -> dt.datetime | None:
    """A time typed on the register, on the session's day."""
    if time is None:
        return None
    return timezone.make_aware(dt.datetime.combine(timezone.localtime(session.starts_at).date(), time))


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
        arrived_at = session_day_time(self.invitation.session, data.get("arrived_at"))
        attendee = data.get("attendee")
        return {
            "attendee": attendee,
            "new_person": None if attendee else self.new_person(),
            "arrived_at": arrived_at,
        }


class ArrivalForm(forms.Form):
    """The corrected time of arrival of someone already registered as present."""

    arrived_at = forms.TimeField(label=_("Hora de llegada"), widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def arrival(self) -> dt.datetime:
        return session_day_time(self.invitation.session, self.cleaned_data["arrived_at"])


class QuorumTimeForm(forms.Form):
    """The time quorum was declared, typed when it is recorded after the session (else: now)."""

    time = forms.TimeField(label=_("Hora de la declaración"), required=False)
