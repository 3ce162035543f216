"""Forms of the orden del día: an agenda item and an annex."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.uploads import ALLOWED_EXTENSIONS, validate_upload
from council.models import WorkingGroup
from council.selectors import council_institutions, council_people
from members.forms import InstitutionChoiceField, PersonChoiceField, chosen_values
from members.models import Institution, Person
from members.selectors import directory_institutions, directory_people
from sessions_app.models import AgendaItem, Session


class AgendaItemForm(VersionedFormMixin, forms.ModelForm):
    """A point of the orden del día; ``version`` is the reading the edit started from."""

    presenter = PersonChoiceField(
        label=_("Persona que presenta"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Opcional. Si la elige, la institución se completa con la suya."),
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "kind",
            "working_group",
            "description",
            "presenter_institution",
            "presenter",
            "duration_minutes",
            "highlight",
        ]
        labels = {
            "title": _("Título del punto"),
            "kind": _("Tipo de punto"),
            "description": _("Descripción"),
            "presenter_institution": _("Institución que presenta"),
            "duration_minutes": _("Duración (minutos)"),
            "highlight": _("Destacar en la nota informativa"),
            "working_group": _("Grupo de trabajo que informa"),
        }
        help_texts = {
            "description": _("Lo que se expondrá o se someterá a acuerdo. No incluya datos de víctimas."),
            "duration_minutes": _("Con las duraciones se calcula la hora estimada de término."),
            "working_group": _(
                "Solo para un «Informe del grupo de trabajo»: el orden del día lista sus sesiones y acuerdos "
                "desde su informe anterior."
            ),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"presenter_institution": InstitutionChoiceField}

    def __init__(self, *args, session: Session, viewer, **kwargs):
        """Lists the council's institutions and people first; takes any the ``viewer`` may find in the directory
        (and keeps an edited item's own presenter)."""
        super().__init__(*args, **kwargs)
        institution, presenter = self.instance.presenter_institution_id, self.instance.presenter_id
        self.fields["presenter_institution"].queryset = (
            (directory_institutions(viewer) | Institution.objects.filter(pk=institution)).distinct().order_by("name")
        )
        self.fields["presenter"].queryset = (
            (directory_people(viewer) | Person.objects.filter(pk=presenter))
            .distinct()
            .select_related("institution")
            .order_by("full_name")
        )
        self.fields["presenter_institution"].offer(
            council_institutions(session.council_id), chosen=chosen_values(self, "presenter_institution")
        )
        self.fields["presenter"].offer(council_people(session.council_id), chosen=chosen_values(self, "presenter"))
        if session.working_group_id:
            # A group's own session receives no group reports: those go to the plenary.
            del self.fields["working_group"]
            self.fields["kind"].choices = [
                choice for choice in self.fields["kind"].choices if choice[0] != AgendaItem.Kind.GROUP_REPORT
            ]
        else:
            self.fields["working_group"].queryset = WorkingGroup.objects.filter(council_id=session.council_id).filter(
                Q(status=WorkingGroup.Status.ACTIVE) | Q(pk=self.instance.working_group_id)
            )
            self.fields["working_group"].empty_label = _("— Ninguno —")
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
            *(["working_group"] if "working_group" in self.fields else []),
            "description",
            Row(Column("presenter_institution", css_class="col-md-6"), Column("presenter", css_class="col-md-6")),
            Row(Column("duration_minutes", css_class="col-md-4"), Column("highlight", css_class="col-md-8 pt-md-4")),
            "version",
        )

    def clean(self):
        cleaned = super().clean()
        if "working_group" in self.fields:
            if cleaned.get("kind") != AgendaItem.Kind.GROUP_REPORT:
                cleaned["working_group"] = None  # only a group's report names a group
            elif not cleaned.get("working_group") and "working_group" not in self.errors:
                self.add_error("working_group", _("Elija el grupo de trabajo que presenta su informe."))
        return cleaned

    def item_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


class AnnexForm(forms.Form):
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
