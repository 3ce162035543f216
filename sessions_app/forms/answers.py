"""Forms of the answers: a delegate's answer and the validation of a proposed suplente."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from members.models import Person
from sessions_app.forms.people import NewPersonFieldsMixin, validate_institutional_email
from sessions_app.models import Invitation
from sessions_app.services.answers import eligible_alternates


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


class StaffAnswerForm(VersionedFormMixin, AnswerForm):
    """The staff record an institution's answer given to them (by phone, by letter), in the third person.

    It carries the version of the answer it was filled from: an answer the delegate gave meanwhile is not
    silently replaced.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = _("Respuesta de la institución")
        self.fields["answer"].choices = [
            (Invitation.Answer.CONFIRMED, _("Confirma la asistencia de su titular")),
            (Invitation.Answer.ALTERNATE, _("Envía a un(a) suplente")),
            (Invitation.Answer.DECLINED, _("No asistirá ni enviará suplente")),
        ]
        self.fields["comment"].label = _("Comentario (motivo, quién llamó, por qué medio)")

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "version": self.read_version()}


class ProposalValidateForm(NewPersonFieldsMixin, forms.Form):
    """The staff check the proposed suplente's data before registering the person."""

    honorific = forms.CharField(label=_("Tratamiento"), max_length=30, required=False)
    full_name = forms.CharField(label=_("Nombre completo"), max_length=200)
    post = forms.CharField(label=_("Cargo"), max_length=255)
    email = forms.EmailField(label=_("Correo institucional"), validators=[validate_institutional_email])
    add_as_alternate = forms.BooleanField(
        label=_("Registrar también como suplente del lugar de la institución"), required=False
    )
