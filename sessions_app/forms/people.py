"""Fields for naming a person who is not yet in the directory (a new suplente or walk-in)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions_app.services.answers import NewPerson

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
