"""Forms: the token page's, and ``valid_form``, by which the pages' forms check what the API receives too."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, WebhookEndpoint
from api.services import can_issue_service_token
from core.validators import validate_one_line
from council.models import Council


def valid_form(form: forms.BaseForm) -> forms.BaseForm:
    """The form, validated; its errors (Spanish, with their codes) refused as a ``ValidationError`` (422)."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


class TokenForm(forms.Form):
    """A new personal token: its name, what it may do, how long it lives (and, for admins, a council)."""

    name = forms.CharField(
        label=_("Nombre"),
        max_length=100,
        help_text=_("Para reconocerlo después, p. ej. «Portal de transparencia»."),
    )
    scope = forms.ChoiceField(
        label=_("Alcance"),
        choices=[
            (ApiToken.Scope.READ, _("Lectura: consultar lo que su cuenta puede ver")),
            (ApiToken.Scope.WRITE, _("Escritura: además, hacer los cambios que su cuenta puede hacer")),
        ],
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    days = forms.TypedChoiceField(
        label=_("Vigencia"),
        coerce=int,
        choices=[(7, _("7 días")), (30, _("30 días")), (90, _("90 días")), (180, _("180 días")), (365, _("Un año"))],
        initial=90,
    )
    council = forms.ModelChoiceField(
        label=_("Consejo (token de servicio)"),
        queryset=Council.objects.none(),
        required=False,
        empty_label=_("— Ninguno: token personal —"),
        help_text=_("Un token de servicio solo ve y cambia lo de ese consejo, para los sistemas de su secretaría."),
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        if can_issue_service_token(viewer):
            self.fields["council"].queryset = Council.objects.order_by("name")
        else:
            del self.fields["council"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        validate_one_line(name)
        if not name:
            raise ValidationError(_("Escriba un nombre."), code="required")
        return name

    def expires_at(self):
        return timezone.now() + timedelta(days=self.cleaned_data["days"])


class WebhookForm(forms.Form):
    """A council's new webhook: where to POST, and which events."""

    url = forms.URLField(
        label=_("Dirección"),
        max_length=500,
        assume_scheme="https",
        help_text=_("La dirección https:// de su sistema que recibirá los avisos."),
    )
    events = forms.MultipleChoiceField(
        label=_("Eventos"), choices=WebhookEndpoint.Event.choices, widget=forms.CheckboxSelectMultiple
    )
