"""An institution's issuing units (its letterheads): added, changed and archived from the institution's page
by those who keep the institution (``members.permissions.can_edit_institution``)."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from core.concurrency import ConcurrentEditMixin
from core.views import ServiceFormMixin, service_error_text
from members import selectors
from members.forms import IssuingUnitEditForm, IssuingUnitForm
from members.models import Institution, IssuingUnit
from members.permissions import InstitutionEditorMixin
from members.services.issuing_units import (
    ISSUING_UNIT_FIELDS,
    issuing_unit_archive,
    issuing_unit_create,
    issuing_unit_update,
    issuing_unit_version,
)


class IssuingUnitCreateView(InstitutionEditorMixin, ServiceFormMixin, FormView):
    """Add a letterhead to the institution in the URL (``pk``)."""

    template_name = "members/issuing_unit_form.html"
    form_class = IssuingUnitForm
    success_message = _("Se agregó la unidad emisora de %(object)s.")

    @cached_property
    def institution(self) -> Institution:
        return get_object_or_404(Institution, pk=self.kwargs["pk"])

    def get_edited_institution(self) -> Institution:
        return self.institution

    def get_context_data(self, **kwargs):
        return super().get_context_data(institution=self.institution, **kwargs)

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in ISSUING_UNIT_FIELDS}
        return issuing_unit_create(institution=self.institution, data=data)

    def get_success_message(self) -> str:
        return self.success_message % {"object": self.institution}

    def get_success_url(self):
        return reverse("members:institution_detail", args=[self.institution.pk])


class IssuingUnitMixin(InstitutionEditorMixin):
    """Pages that change one current unit (URL ``pk``); an archived unit is part of the record and is not found."""

    @cached_property
    def unit(self) -> IssuingUnit:
        try:
            return selectors.issuing_unit_for_directory(pk=self.kwargs["pk"])
        except IssuingUnit.DoesNotExist as exc:
            raise Http404 from exc

    def get_edited_institution(self) -> Institution:
        return self.unit.institution

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, institution=self.unit.institution, **kwargs)

    def get_success_url(self):
        return reverse("members:institution_detail", args=[self.unit.institution_id])


class IssuingUnitUpdateView(ConcurrentEditMixin, IssuingUnitMixin, ServiceFormMixin, FormView):
    template_name = "members/issuing_unit_form.html"
    form_class = IssuingUnitEditForm
    success_message = _("Se guardó la unidad emisora de %(object)s.")

    def get_edited(self) -> IssuingUnit:
        return self.unit

    def edited_version(self, edited: IssuingUnit) -> str:
        return issuing_unit_version(edited)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.unit}

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in ISSUING_UNIT_FIELDS}
        return issuing_unit_update(unit=self.unit, data=data, version=form.read_version())

    def get_success_message(self) -> str:
        return self.success_message % {"object": self.unit.institution}


class IssuingUnitArchiveView(IssuingUnitMixin, TemplateView):
    """Confirm, then archive a unit: no longer offered for new documents; what it issued keeps it."""

    template_name = "members/issuing_unit_confirm_archive.html"

    def get_context_data(self, **kwargs):
        # The page asks the service's rule: refused now, it says why and offers no button.
        facts = selectors.issuing_unit_archive_facts(self.unit)
        refusal = selectors.issuing_unit_archive_refusal(self.unit, **facts)
        return super().get_context_data(refusal=refusal, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            issuing_unit_archive(unit=self.unit)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(request, _("Se archivó la unidad emisora; sus documentos la conservan."))
        return HttpResponseRedirect(self.get_success_url())
