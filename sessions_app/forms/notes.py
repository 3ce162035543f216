"""Forms of the nota informativa: who issues it, and its text and letterhead lines."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from council.selectors import council_institutions
from members.forms import IssuingUnitChoiceField, chosen_values, issuing_unit_choices
from members.models import IssuingUnit


class NoteCreateForm(forms.Form):
    """Draft the nota on the letterhead of any issuing unit of the directory, convened to the session or not.

    The list offers the units of the council's own institutions (and its default unit); any other unit of the
    directory is found through the search beside it.
    """

    issuing_unit = IssuingUnitChoiceField(
        label=_("Unidad emisora"),
        queryset=issuing_unit_choices(),
        help_text=_(
            "Cualquier unidad del directorio, aunque su institución no haya sido convocada a la sesión. "
            "La nota lleva su membrete, su logotipo y su domicilio al pie de página."
        ),
        error_messages={
            "required": _("Elija la unidad que emite la nota."),
            "invalid_choice": _("Elija una unidad emisora vigente de la lista."),
        },
    )
    date = forms.DateField(
        label=_("Fecha de la nota"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Indique la fecha de la nota."), "invalid": _("Escriba una fecha válida.")},
    )

    list_agreements = forms.BooleanField(
        label=_("Enumerar los acuerdos uno por uno"),
        required=False,
        help_text=_("Sin marcar, la nota dice en una frase cuántos acuerdos se adoptaron."),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        own = IssuingUnit.objects.filter(
            Q(institution__in=council_institutions(council.pk)) | Q(pk=council.default_issuing_unit_id or 0)
        )
        self.fields["issuing_unit"].offer(own, chosen=chosen_values(self, "issuing_unit"))


class NoteForm(VersionedFormMixin, forms.Form):
    """The nota as the staff edit it: plain text, one paragraph per block, ``**bold**`` the one markup."""

    place = forms.CharField(
        label=_("Lugar"),
        max_length=120,
        help_text=_("Encabeza la línea de lugar y fecha, p. ej. «Ciudad de México»."),
        error_messages={"required": _("Indique el lugar de la nota.")},
    )
    date = forms.DateField(
        label=_("Fecha"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Indique la fecha de la nota."), "invalid": _("Escriba una fecha válida.")},
    )
    unit_lines = forms.CharField(
        label=_("Unidades emisoras"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Una línea por unidad, como aparecen en el membrete."),
    )
    body = forms.CharField(
        label=_("Texto de la nota"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        max_length=100000,
        help_text=_(
            "Un párrafo por bloque, separados por una línea en blanco; **texto** va en negritas. "
            "No incluya datos de víctimas."
        ),
    )
    footer_address = forms.CharField(
        label=_("Domicilio al pie de página"),
        required=False,
        max_length=255,
    )


class NoteRedraftForm(VersionedFormMixin, forms.Form):
    """Write the nota again from the session's data, as its next version, from the version that was read."""

    list_agreements = forms.BooleanField(
        label=_("Enumerar los acuerdos uno por uno"),
        required=False,
        help_text=_("Sin marcar, la nota dice en una frase cuántos acuerdos se adoptaron."),
    )
