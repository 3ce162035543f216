"""Forms of the acta: its text, its circulation for comments, a member's comment."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin


class MinutesForm(VersionedFormMixin, forms.Form):
    """The acta's text, with the version it was read at (``core.concurrency``)."""

    body = forms.CharField(
        label=_("Texto del acta"),
        widget=forms.Textarea(attrs={"rows": 30, "class": "font-monospace"}),
        max_length=200000,
        help_text=_("Un párrafo por bloque, separados por una línea en blanco. No incluya datos de víctimas."),
        error_messages={"required": _("El acta no puede quedar vacía.")},
    )


class CirculateForm(forms.Form):
    comments_due = forms.DateField(
        label=_("Plazo para comentarios"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Los integrantes comentan en la aplicación hasta este día, inclusive."),
    )
    notify = forms.BooleanField(
        label=_("Avisar por correo a las personas convocadas"),
        required=False,
        initial=True,
    )

    def clean_comments_due(self):
        due = self.cleaned_data["comments_due"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("El plazo para comentarios no puede ser una fecha pasada."), code="past")
        return due


class MinutesCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comentario"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Indique el párrafo o el punto al que se refiere y la redacción que propone."),
        error_messages={"required": _("Escriba su comentario.")},
    )
