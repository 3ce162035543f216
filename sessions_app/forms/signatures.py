"""The e.firma form (certificate, key, password, post) and the PDF a reader uploads to verify it."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def _small_file(upload, limit: int):
    if upload.size > limit:
        raise forms.ValidationError(
            _("El archivo pesa más de %(limit)s.") % {"limit": filesizeformat(limit)}, code="too_large"
        )
    return upload.read()


class SignatureForm(forms.Form):
    """What signing takes: the e.firma's two files and its password, for this signature only; and the post."""

    cer = forms.FileField(label=_("Certificado (.cer)"), widget=forms.ClearableFileInput(attrs={"accept": ".cer"}))
    key = forms.FileField(label=_("Llave privada (.key)"), widget=forms.ClearableFileInput(attrs={"accept": ".key"}))
    key_password = forms.CharField(
        label=_("Contraseña de la llave privada"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Se usa solo para esta firma; no se guarda."),
    )
    post = forms.CharField(
        label=_("Cargo con el que firma"),
        max_length=255,
        required=False,
        help_text=_("Aparece en el recuadro de la firma."),
    )

    def clean_cer(self):
        return _small_file(self.cleaned_data["cer"], settings.SIGNATURE_MAX_FILE_SIZE)

    def clean_key(self):
        return _small_file(self.cleaned_data["key"], settings.SIGNATURE_MAX_FILE_SIZE)


class VerificationForm(forms.Form):
    pdf = forms.FileField(label=_("Archivo PDF"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))

    def clean_pdf(self):
        return _small_file(self.cleaned_data["pdf"], settings.MAX_UPLOAD_SIZE)
