"""Pages about councils: the dashboard, a council's composition and the secretariat's workspace.

Also the privacy notice.
"""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core import versions
from core.concurrency import ConcurrentEditMixin
from core.spreadsheets import SpreadsheetConfirmMixin, SpreadsheetImportMixin, requested_format, spreadsheet_response
from core.submissions import CreateOnceMixin
from core.views import HistoryPageMixin, ServiceFormMixin, service_error_text
from council import history, selectors
from council.forms import CouncilEditForm, CouncilForm, SeatEditForm, SeatForm, WorkingGroupEditForm, WorkingGroupForm
from council.importing import SEAT_COLUMNS, SEAT_EXAMPLE, seat_export_rows, seat_import
from council.models import Council, Seat, WorkingGroup
from council.permissions import (
    CouncilPermissionMixin,
    PlatformAdminRequiredMixin,
    StaffRequiredMixin,
    can_create_council,
    can_manage_council,
)
from council.services.councils import COUNCIL_FIELDS, council_create, council_update, council_version
from council.services.seats import seat_archive, seat_create, seat_update, seat_version
from council.services.working_groups import working_group_create, working_group_update, working_group_version


class CouncilDetailView(CouncilPermissionMixin, versions.CachedPageMixin, TemplateView):
    """A council's composition: members with vote, invited bodies, titulares and suplentes, working groups.

    The whole page is cached after the permission check (``core.versions.CachedPageMixin``). It shows no answer
    nor check-in (an invitation of a held session changes the council's version): it stays cached through them.
    """

    template_name = "council/council_detail.html"
    page_follows_attendance = False

    def page_council_id(self) -> int:
        return self.council.pk

    def page_cache_parts(self) -> list:
        return [can_manage_council(self.request.viewer, self.council), versions.this_minute()]

    def get_council(self):
        return get_object_or_404(
            Council.objects.select_related("presiding_institution", "secretariat_institution"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            council=self.council,
            can_manage=can_manage_council(self.request.viewer, self.council),
            **selectors.council_detail(council=self.council),
            **kwargs,
        )


class PrivacyNoticeView(TemplateView):
    """The aviso de privacidad, simplified and full, open to everyone.

    The responsible bodies are the institutions that keep each council's secretariat: the
    notice names them with the councils they keep and their address, from the directory.
    """

    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(responsibles=selectors.privacy_responsibles(), **kwargs)


class ManageCouncilMixin(CouncilPermissionMixin):
    """Workspace pages of one council (URL ``pk``): its staff and the platform admins only."""

    permission = "manage"

    def get_council(self) -> Council:
        return get_object_or_404(Council, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, **kwargs)

    def get_success_url(self) -> str:
        return self.council.get_absolute_url()


class CouncilHistoryView(HistoryPageMixin, ManageCouncilMixin, TemplateView):
    """Who changed what and when in a council, its seats, suplentes, working groups and sessions."""

    template_name = "council/council_history.html"

    def get_history_page(self):
        return history.council_history(council=self.council, page=self.request.GET.get("page", 1))


class CouncilListView(StaffRequiredMixin, ListView):
    """The councils a user manages: every council for admins, their own for secretariat staff."""

    template_name = "council/council_list.html"
    context_object_name = "councils"
    paginate_by = 25

    def get_queryset(self):
        return selectors.councils_for_list(self.request.viewer)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_create=can_create_council(self.request.viewer), **kwargs)


class CouncilCreateView(PlatformAdminRequiredMixin, CreateOnceMixin, ServiceFormMixin, FormView):
    """A platform admin registers a council and names its staff."""

    template_name = "council/council_form.html"
    form_class = CouncilForm
    success_message = _("Se registró el consejo «%(object)s».")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "viewer": self.request.viewer}

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in COUNCIL_FIELDS}
        return council_create(data=data, staff=form.cleaned_data["staff"])

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class CouncilUpdateView(ConcurrentEditMixin, ManageCouncilMixin, ServiceFormMixin, FormView):
    """The council's staff (or an admin) edit its identity, rules and staff."""

    template_name = "council/council_form.html"
    form_class = CouncilEditForm
    success_message = _("Se guardaron los datos del consejo «%(object)s».")

    def get_edited(self) -> Council:
        return self.council

    def edited_version(self, edited: Council) -> str:
        return council_version(edited)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.council,
            "user": self.request.user,
            "viewer": self.request.viewer,
        }

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in COUNCIL_FIELDS}
        return council_update(
            council=self.council, data=data, staff=form.cleaned_data["staff"], version=form.read_version()
        )


class SeatCreateView(ManageCouncilMixin, CreateOnceMixin, ServiceFormMixin, FormView):
    """Give an institution a place in the council."""

    template_name = "council/seat_form.html"
    form_class = SeatForm
    success_message = _("Se agregó el lugar de %(object)s.")

    def get_initial(self):
        # From the council's installation (or since always), not today: a session dated earlier keeps its seats.
        return {"valid_from": self.council.installed_on}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.council, "viewer": self.request.viewer}

    def perform(self, form):
        return seat_create(council=self.council, **form.cleaned_data)

    def get_success_message(self) -> str:
        return self.success_message % {"object": self.object.institution}


class SeatMixin(ManageCouncilMixin):
    """Pages about one current seat of the council; archived seats are part of the record and are not edited."""

    @cached_property
    def seat(self) -> Seat:
        # Read after the council's permission check: another council's seat, or an archived one, is not found.
        try:
            return selectors.seat_for_council(council=self.council, pk=self.kwargs["seat_pk"], current=True)
        except Seat.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        return super().get_context_data(seat=self.seat, **kwargs)

    def get_success_message(self) -> str:
        return self.success_message % {"object": self.object.institution}


class SeatUpdateView(ConcurrentEditMixin, SeatMixin, ServiceFormMixin, FormView):
    """Change a seat's role, vote, titular, suplentes, validity or order; its institution stays."""

    template_name = "council/seat_form.html"
    form_class = SeatEditForm
    success_message = _("Se guardaron los cambios al lugar de %(object)s.")

    def get_edited(self) -> Seat:
        return self.seat

    def edited_version(self, edited: Seat) -> str:
        return seat_version(edited)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.seat,
            "council": self.council,
            "viewer": self.request.viewer,
        }

    def perform(self, form):
        data = {name: value for name, value in form.cleaned_data.items() if name not in ("institution", "version")}
        return seat_update(seat=self.seat, version=form.read_version(), **data)


class SeatArchiveView(SeatMixin, TemplateView):
    """Confirm, then archive a seat: it leaves the current composition and stays in the record with its dates."""

    template_name = "council/seat_confirm_archive.html"

    def post(self, request, *args, **kwargs):
        try:
            seat = seat_archive(seat=self.seat)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(
                request,
                _("Se archivó el lugar de %(institution)s; queda en el histórico del consejo.")
                % {"institution": seat.institution},
            )
        return HttpResponseRedirect(self.get_success_url())


class WorkingGroupCreateView(ManageCouncilMixin, CreateOnceMixin, ServiceFormMixin, FormView):
    """Form a working group at a session of the council's plenary (``?sesion=`` preselects it)."""

    template_name = "council/workinggroup_form.html"
    form_class = WorkingGroupForm
    success_message = _("Se conformó el grupo de trabajo «%(object)s».")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.council, "viewer": self.request.viewer}

    def get_initial(self):
        return {"formed_at": self.request.GET.get("sesion")}

    def perform(self, form):
        return working_group_create(council=self.council, **form.cleaned_data)


class WorkingGroupUpdateView(ConcurrentEditMixin, ManageCouncilMixin, ServiceFormMixin, FormView):
    """Change a working group's mandate, coordination, members or status."""

    template_name = "council/workinggroup_form.html"
    form_class = WorkingGroupEditForm
    success_message = _("Se guardaron los cambios al grupo de trabajo «%(object)s».")

    @cached_property
    def group(self) -> WorkingGroup:
        return get_object_or_404(WorkingGroup, council=self.council, pk=self.kwargs["group_pk"])

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "council": self.council,
            "instance": self.group,
            "viewer": self.request.viewer,
        }

    def get_edited(self) -> WorkingGroup:
        return self.group

    def edited_version(self, edited: WorkingGroup) -> str:
        return working_group_version(edited)

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)

    def perform(self, form):
        data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        return working_group_update(group=self.group, version=form.read_version(), **data)


class SeatImportMixin(ManageCouncilMixin):
    """Importing a council's seats (with the directory's institutions and people): its staff and the admins."""

    template_name = "council/seat_import.html"
    columns = SEAT_COLUMNS

    def import_scope(self) -> str:
        return f"seats:{self.council.pk}"

    def run_import(self, rows, *, commit: bool):
        return seat_import(council=self.council, rows=rows, viewer=self.viewer, commit=commit)

    def get_context_data(self, **kwargs):
        pk = self.council.pk
        return super().get_context_data(
            upload_url=reverse("council:seat_import", args=[pk]),
            confirm_url=reverse("council:seat_import_confirm", args=[pk]),
            template_url=reverse("council:seat_import_template", args=[pk]),
            export_url=reverse("council:seat_export", args=[pk]),
            cancel_url=self.council.get_absolute_url(),
            **kwargs,
        )


class SeatImportView(SeatImportMixin, SpreadsheetImportMixin, FormView):
    """Upload a spreadsheet of the council's seats and see, row by row, what importing it would do."""


class SeatImportConfirmView(SeatImportMixin, SpreadsheetConfirmMixin, TemplateView):
    """Apply the previewed rows, all or nothing."""

    def get_done_url(self) -> str:
        return self.council.get_absolute_url()

    def get_import_url(self) -> str:
        return reverse("council:seat_import", args=[self.council.pk])


class SeatImportTemplateView(ManageCouncilMixin, View):
    """The seat import's template: the columns and an example row, as XLSX or CSV."""

    def get(self, request, *args, **kwargs):
        return spreadsheet_response(
            fmt=requested_format(request), filename="plantilla-lugares", columns=SEAT_COLUMNS, rows=[SEAT_EXAMPLE]
        )


class SeatExportView(ManageCouncilMixin, View):
    """The council's current seats in the import's format: importing them back changes nothing."""

    def get(self, request, *args, **kwargs):
        rows = seat_export_rows(selectors.seats_with_people(self.council))
        filename = f"lugares-{self.council.pk}"
        return spreadsheet_response(fmt=requested_format(request), filename=filename, columns=SEAT_COLUMNS, rows=rows)
