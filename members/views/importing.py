"""Import and export of the directory as a spreadsheet: the template, the upload with its preview, the
confirmation, and the export (see ``members.importing``)."""

from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from core.spreadsheets import SpreadsheetConfirmMixin, SpreadsheetImportMixin, requested_format, spreadsheet_response
from members import selectors
from members.importing import DIRECTORY_COLUMNS, DIRECTORY_EXAMPLE, directory_export_rows, directory_import
from members.permissions import DirectoryMixin


class DirectoryImportMixin(DirectoryMixin):
    """Import pages of the directory: any council's staff; changing what exists stays with its keepers."""

    template_name = "members/directory_import.html"
    columns = DIRECTORY_COLUMNS

    def import_scope(self) -> str:
        return "directory"

    def run_import(self, rows, *, commit: bool):
        return directory_import(rows=rows, viewer=self.viewer, commit=commit)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            upload_url=reverse("members:import"),
            confirm_url=reverse("members:import_confirm"),
            template_url=reverse("members:import_template"),
            export_url=reverse("members:export"),
            cancel_url=reverse("members:institution_list"),
            **kwargs,
        )


class DirectoryImportView(DirectoryImportMixin, SpreadsheetImportMixin, FormView):
    """Upload a spreadsheet of institutions and people and see, row by row, what importing it would do."""


class DirectoryImportConfirmView(DirectoryImportMixin, SpreadsheetConfirmMixin, TemplateView):
    """Apply the previewed rows, all or nothing."""

    def get_done_url(self) -> str:
        return reverse("members:institution_list")

    def get_import_url(self) -> str:
        return reverse("members:import")


class DirectoryTemplateView(DirectoryMixin, View):
    """The import's template: the columns and an example row, as XLSX or CSV."""

    def get(self, request, *args, **kwargs):
        fmt = requested_format(request)
        return spreadsheet_response(
            fmt=fmt, filename="plantilla-directorio", columns=DIRECTORY_COLUMNS, rows=[DIRECTORY_EXAMPLE]
        )


class DirectoryExportView(DirectoryMixin, View):
    """The whole directory in the import's format: importing it back changes nothing."""

    def get(self, request, *args, **kwargs):
        rows = directory_export_rows(selectors.institutions_for_directory())
        return spreadsheet_response(
            fmt=requested_format(request), filename="directorio", columns=DIRECTORY_COLUMNS, rows=rows
        )
