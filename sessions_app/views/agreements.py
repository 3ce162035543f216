"""Pages about agreements: record, follow up, close; the council's tracker and a delegate's own list."""

import os
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView, View

from core import versions
from core.concurrency import ConcurrentEditMixin
from core.csv import csv_response
from core.submissions import CreateOnceMixin
from core.views import ServiceFormMixin, service_error_text
from council.models import Council
from council.permissions import CouncilPermissionMixin, can_manage_council, delegate_institution_id
from members.models import Institution
from sessions_app.documents.builders import agreements_document
from sessions_app.documents.responses import document_response
from sessions_app.forms.agreements import (
    AgreementEditForm,
    AgreementFilter,
    AgreementForm,
    AgreementStatusForm,
    ProgressReportForm,
)
from sessions_app.models import Agreement, AgreementUpdate
from sessions_app.permissions import (
    AgreementPermissionMixin,
    InstitutionDelegateMixin,
    SessionAccessMixin,
    can_report_on_agreement,
    can_set_agreement_status,
)
from sessions_app.selectors.agreements import (
    agreement_detail,
    agreements_for_tracker,
    institution_agreement_councils,
    institution_agreements,
    overdue_by_institution,
    status_bar,
    tracker_summary,
)
from sessions_app.services.agreements import (
    agreement_create,
    agreement_recording_check,
    agreement_report_progress,
    agreement_set_status,
    agreement_update,
    agreement_version,
)


class AgreementCreateView(SessionAccessMixin, CreateOnceMixin, ServiceFormMixin, FormView):
    """The secretariat records an agreement of a session, during or after it (``?punto=`` preselects the item)."""

    permission = "manage"
    template_name = "sessions_app/agreement_form.html"
    form_class = AgreementForm
    success_message = _("Se registró el acuerdo %(object)s.")

    def get(self, request, *args, **kwargs):
        try:
            agreement_recording_check(self.session)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
            return redirect(self.session)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.session, "viewer": self.viewer}

    def get_initial(self):
        item = self.request.GET.get("punto", "")
        return {"agenda_item": item} if item.isascii() and item.isdigit() and len(item) <= 18 else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, council=self.council, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return agreement_create(
            session=self.session,
            agenda_item=data["agenda_item"],
            text=data["text"],
            responsible=list(data["responsible"]),
            due_date=data["due_date"],
        )

    def get_success_url(self):
        return f"{self.session.get_absolute_url()}#acuerdos"


class AgreementDetailView(AgreementPermissionMixin, TemplateView):
    """An agreement, its responsible institutions and its history; the forms its reader may use."""

    template_name = "sessions_app/agreement_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            agreement=self.agreement,
            session=self.session,
            council=self.council,
            can_manage=can_set_agreement_status(self.viewer, self.agreement),
            report_form=self.report_form(),
            **agreement_detail(agreement=self.agreement),
            **kwargs,
        )

    def report_form(self) -> ProgressReportForm | None:
        """The progress form, for whoever may report on this open agreement (a delegate reports for their own)."""
        if not (self.agreement.is_open and can_report_on_agreement(self.viewer, self.agreement)):
            return None
        staff = can_manage_council(self.viewer, self.council)
        institution_id = None if staff else delegate_institution_id(self.viewer)
        return ProgressReportForm(agreement=self.agreement, delegate_institution_id=institution_id)


class AgreementUpdateView(ConcurrentEditMixin, AgreementPermissionMixin, ServiceFormMixin, FormView):
    """The secretariat corrects an agreement; after the acta's approval only its follow-up fields change."""

    permission = "manage"
    template_name = "sessions_app/agreement_form.html"
    form_class = AgreementEditForm
    success_message = _("Se guardaron los cambios al acuerdo %(object)s.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "session": self.session,
            "instance": self.agreement,
            "viewer": self.viewer,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, council=self.council, agreement=self.agreement, **kwargs)

    def get_edited(self) -> Agreement:
        return self.agreement

    def edited_version(self, edited: Agreement) -> str:
        return agreement_version(edited)

    def perform(self, form):
        data = form.cleaned_data
        return agreement_update(
            agreement=self.agreement,
            version=form.read_version(),
            agenda_item=data["agenda_item"],
            text=data["text"],
            responsible=list(data["responsible"]),
            due_date=data["due_date"],
        )

    def get_success_url(self):
        return self.agreement.get_absolute_url()


class AgreementReportView(AgreementPermissionMixin, CreateOnceMixin, ServiceFormMixin, FormView):
    """A delegate of a responsible institution (or the staff) reports progress, with optional evidence."""

    permission = "report"
    template_name = "sessions_app/agreement_report_form.html"
    form_class = ProgressReportForm
    success_message = _("Se registró el avance del acuerdo %(object)s.")

    @cached_property
    def reporting_institution_id(self) -> int | None:
        """The delegate's institution; None for the staff, who choose on whose behalf they report."""
        if can_manage_council(self.request.viewer, self.council):
            return None
        return delegate_institution_id(self.request.viewer)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "agreement": self.agreement,
            "delegate_institution_id": self.reporting_institution_id,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, session=self.session, council=self.council, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        if self.reporting_institution_id is None:
            institution = data.get("institution")
        else:
            institution = Institution.objects.get(pk=self.reporting_institution_id)
        agreement_report_progress(
            agreement=self.agreement,
            text=data["text"],
            author=self.request.user,
            institution=institution,
            evidence=data.get("evidence"),
        )
        return self.agreement

    def get_success_url(self):
        return self.agreement.get_absolute_url()


class AgreementStatusView(AgreementPermissionMixin, ServiceFormMixin, FormView):
    """Confirmation step where the staff mark an agreement fulfilled or cancelled, or reopen it, with a reason."""

    permission = "manage"
    template_name = "sessions_app/agreement_status_form.html"
    form_class = AgreementStatusForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agreement": self.agreement}

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, session=self.session, council=self.council, **kwargs)

    def perform(self, form):
        agreement_set_status(
            agreement=self.agreement,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            author=self.request.user,
        )
        self.agreement.refresh_from_db()
        return self.agreement

    def get_success_message(self):
        return _("El acuerdo %(number)s quedó «%(status)s».") % {
            "number": self.agreement.number,
            "status": self.agreement.get_status_display(),
        }

    def get_success_url(self):
        return self.agreement.get_absolute_url()


class EvidenceDownloadView(AgreementPermissionMixin, View):
    """An evidence file, served only to those who may see its agreement."""

    def get_agreement(self):
        self.update = get_object_or_404(
            AgreementUpdate.objects.select_related("agreement__session__council").exclude(evidence=""),
            pk=self.kwargs["pk"],
        )
        return self.update.agreement

    def get(self, request, *args, **kwargs):
        evidence = self.update.evidence
        return FileResponse(evidence.open("rb"), as_attachment=True, filename=os.path.basename(evidence.name))


class TrackerMixin(CouncilPermissionMixin):
    """The council's agreements, filtered as the query string says; its staff and the admins only."""

    permission = "manage"

    def get_council(self) -> Council:
        return get_object_or_404(Council, pk=self.kwargs["council_pk"])

    @cached_property
    def filterset(self) -> AgreementFilter:
        return AgreementFilter(
            self.request.GET or None,
            queryset=agreements_for_tracker(council=self.council),
            council=self.council,
        )


class AgreementTrackerView(TrackerMixin, versions.CachedPageMixin, ListView):
    """Every agreement of the council with filters; overdue ones stand out with a label.

    Without a query string the whole page is cached (``core.versions.CachedPageMixin``); answers and
    check-ins leave it there.
    """

    page_follows_attendance = False

    def page_council_id(self) -> int:
        return self.council.pk

    def page_cache_parts(self) -> list:
        return [versions.this_minute()]

    template_name = "sessions_app/agreement_tracker.html"
    context_object_name = "agreements"
    paginate_by = 25

    def get_queryset(self):
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        summary = tracker_summary(council=self.council)
        return super().get_context_data(
            council=self.council,
            filter=self.filterset,
            query_string=query.urlencode(),
            summary=summary,
            status_bar=status_bar(summary),
            overdue_institutions=overdue_by_institution(council=self.council) if summary["overdue"] else [],
            today=timezone.localdate(),
            **kwargs,
        )


class AgreementTrackerCSVView(TrackerMixin, View):
    """The tracker's rows (with its filters) as CSV."""

    def get(self, request, *args, **kwargs):
        filename = f"acuerdos-{slugify(self.council.short_name) or self.council.pk}.csv"
        return csv_response(filename=filename, header=TRACKER_CSV_HEADER, rows=map(_tracker_row, self.filterset.qs))


TRACKER_CSV_HEADER = (
    _("Número"),
    _("Sesión"),
    _("Fecha de la sesión"),
    _("Punto del orden del día"),
    _("Acuerdo"),
    _("Instituciones responsables"),
    _("Fecha compromiso"),
    _("Estado"),
    _("Vencido"),
    _("Último avance"),
    _("Motivo"),
)


def _tracker_row(agreement) -> list:
    session = agreement.session
    return [
        agreement.number,
        session.title,
        timezone.localtime(session.starts_at).strftime("%d/%m/%Y"),
        agreement.agenda_item.title if agreement.agenda_item else "",
        agreement.text,
        "; ".join(i.name for i in agreement.responsible.all()),
        agreement.due_date.strftime("%d/%m/%Y") if agreement.due_date else "",
        agreement.get_status_display(),
        _("Sí") if agreement.is_overdue else _("No"),
        _date(agreement.last_update_at),
        agreement.status_reason,
    ]


class AgreementTrackerPDFView(TrackerMixin, View):
    """The agreements report as PDF, by status and by responsible institution, with the tracker's filters."""

    def get(self, request, *args, **kwargs):
        return document_response(request, agreements_document(council=self.council, agreements=self.filterset.qs))


def _date(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y") if moment else ""


class InstitutionAgreementsView(InstitutionDelegateMixin, versions.CachedPageMixin, ListView):
    """A delegate's list of the agreements their institution is responsible for, in every council.

    Without a query string the whole page is cached (``core.versions.CachedPageMixin``) under the versions of
    the councils those agreements belong to; answers and check-ins leave it there.
    """

    page_follows_attendance = False

    def page_council_ids(self) -> list[int]:
        return institution_agreement_councils(institution_id=delegate_institution_id(self.request.viewer))

    def page_cache_parts(self) -> list:
        return [versions.this_minute()]

    template_name = "sessions_app/institution_agreements.html"
    context_object_name = "agreements"
    paginate_by = 25

    @cached_property
    def status(self) -> str:
        status = self.request.GET.get("estado", "")
        return status if status in Agreement.Status.values else ""

    def get_queryset(self):
        agreements = institution_agreements(institution_id=delegate_institution_id(self.request.viewer))
        return agreements.filter(status=self.status) if self.status else agreements

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=Agreement.Status.choices,
            status=self.status,
            query_string=f"estado={self.status}" if self.status else "",
            **kwargs,
        )
