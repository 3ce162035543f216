"""Spreadsheets in and out (XLSX and CSV): reading an uploaded table, writing one, and the import's two steps.

An import is a preview and a confirmation. The uploaded file is validated (``core.uploads``), read into rows
and kept on the server in the user's session under a random key; the confirmation names only that key, so
what is applied is what was previewed, never something the browser sends back.
"""

import csv
import io
import secrets
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from core.submissions import create_once
from core.uploads import validate_upload

MAX_ROWS = 10_000
FORMATS = ("xlsx", "csv")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SESSION_KEY = "spreadsheet_imports"
KEPT_IMPORTS = 3  # a user previews a few files at most at once; older previews are dropped


def normalized(text: str) -> str:
    """Text without accents, case or repeated spaces: how names and headers are compared."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().split())


def _cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing ".0", and the apostrophe the CSV export guards formulas with
    taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in _FORMULA_STARTS:
        text = text[1:]
    return text


def _raw_rows(upload) -> list[list[Any]]:
    name = upload.name.lower()
    upload.seek(0)
    if name.endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise ValidationError(_("No se pudo leer el archivo XLSX."), code="import_unreadable") from exc
        sheet = book.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
        book.close()
        return rows
    if name.endswith(".csv"):
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _("El archivo CSV debe estar en UTF-8 (en Excel: «CSV UTF-8 (delimitado por comas)»)."),
                code="import_encoding",
            ) from exc
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            return list(csv.reader(io.StringIO(text), dialect))[: MAX_ROWS + 2]
        except csv.Error as exc:
            raise ValidationError(_("No se pudo leer el archivo CSV."), code="import_unreadable") from exc
    raise ValidationError(_("Suba un archivo XLSX o CSV."), code="import_type")


def read_rows(upload, columns: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """The file's rows as ``{"line": n, key: text, …}``, keyed by the columns it has among ``columns``.

    Refused (in Spanish) when the file cannot be read, has no institution column, no rows, or too many.
    """
    raw = _raw_rows(upload)
    while raw and not any(_cell_text(cell) for cell in raw[0]):
        raw.pop(0)
    if not raw:
        raise ValidationError(_("El archivo no tiene filas."), code="import_empty")
    by_header = {normalized(header): key for key, header in columns} | {key: key for key, _header in columns}
    positions = {}
    for position, header in enumerate(raw[0]):
        key = by_header.get(normalized(_cell_text(header)))
        if key and key not in positions.values():
            positions[position] = key
    if "institution" not in positions.values():
        raise ValidationError(
            _("Falta la columna «%(column)s»: use la plantilla."),
            code="import_columns",
            params={"column": columns[0][1]},
        )
    rows = []
    for line, cells in enumerate(raw[1:], start=2):
        values = {
            key: _cell_text(cells[position]) if position < len(cells) else "" for position, key in positions.items()
        }
        if any(values.values()):
            rows.append({"line": line, **values})
    if not rows:
        raise ValidationError(_("El archivo no tiene filas con datos."), code="import_empty")
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("El archivo tiene más de %(max)s filas; divídalo."), code="import_too_many", params={"max": MAX_ROWS}
        )
    return rows


def xlsx_bytes(columns: Sequence[tuple[str, str]], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """A workbook with the headers and the rows; every cell is text, never a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Datos"
    sheet.append([header for _key, header in columns])
    for row in rows:
        sheet.append([str(row.get(key, "") or "") for key, _header in columns])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.data_type = "s"  # "=SUMA(…)" in a name stays text
    for position, (_key, header) in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=position).column_letter].width = max(14, len(header) + 4)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def spreadsheet_response(
    *, fmt: str, filename: str, columns: Sequence[tuple[str, str]], rows: Iterable[Mapping[str, Any]]
) -> HttpResponse:
    """An XLSX or CSV attachment (``fmt``) with the columns' headers and the rows."""
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel reads the accents
        writer = csv.writer(response)
        writer.writerow([header for _key, header in columns])
        for row in rows:
            writer.writerow([_csv_cell(str(row.get(key, "") or "")) for key, _header in columns])
    else:
        response = HttpResponse(
            xlsx_bytes(columns, rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _csv_cell(text: str) -> str:
    return f"'{text}" if text[:1] in _FORMULA_STARTS else text


def requested_format(request) -> str:
    """The ``formato`` asked for (xlsx by default; anything else is xlsx too)."""
    fmt = request.GET.get("formato", "xlsx")
    return fmt if fmt in FORMATS else "xlsx"


class SpreadsheetUploadForm(forms.Form):
    """One XLSX or CSV file, validated like every upload."""

    file = forms.FileField(
        label=gettext_lazy("Archivo XLSX o CSV"),
        help_text=gettext_lazy("Use la plantilla: una fila por persona, con los datos de su institución."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError(_("Suba un archivo XLSX o CSV."), code="import_type")
        return upload


def keep_rows(request, *, scope: str, rows: list[dict]) -> str:
    """Keep the rows read from a file in the user's session for its confirmation; the key to ask them back."""
    kept = request.session.get(SESSION_KEY, {})
    while len(kept) >= KEPT_IMPORTS:
        kept.pop(next(iter(kept)))
    token = secrets.token_urlsafe(16)
    kept[token] = {"scope": scope, "rows": rows}
    request.session[SESSION_KEY] = kept
    return token


def kept_rows(request, *, scope: str, token: str) -> list[dict] | None:
    """The rows kept under ``token`` for this ``scope`` (a page), or None if there are none (gone, or another's)."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["scope"] != scope:
        return None
    return entry["rows"]


def forget_rows(request, *, token: str) -> None:
    kept = request.session.get(SESSION_KEY, {})
    if kept.pop(token, None) is not None:
        request.session[SESSION_KEY] = kept


class SpreadsheetImportMixin:
    """An import page: GET shows the upload form; POST reads the file and shows the preview, writing nothing.

    Subclasses give ``import_scope`` (which page's rows), ``columns``, ``run_import(rows, commit)`` returning
    a report (``members.importing.ImportReport``), and ``confirm_url``.
    """

    template_name = "includes/spreadsheet_import.html"
    columns: Sequence[tuple[str, str]] = ()

    def import_scope(self) -> str:
        raise NotImplementedError

    def run_import(self, rows, *, commit: bool):
        raise NotImplementedError

    def get_form_class(self):
        return SpreadsheetUploadForm

    def form_valid(self, form):
        try:
            rows = read_rows(form.cleaned_data["file"], self.columns)
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        report = self.run_import(rows, commit=False)
        token = keep_rows(self.request, scope=self.import_scope(), rows=rows)
        return self.render_to_response(self.get_context_data(form=form, report=report, token=token))


class SpreadsheetConfirmMixin:
    """The confirmation of an import: applies the kept rows in one transaction, or none if any is refused.

    A repeated or parallel confirmation applies once (``create_once``), and applying the same rows again
    would change nothing anyway.
    """

    http_method_names = ["post"]
    template_name = "includes/spreadsheet_import.html"

    def import_scope(self) -> str:
        raise NotImplementedError

    def run_import(self, rows, *, commit: bool):
        raise NotImplementedError

    def get_done_url(self) -> str:
        raise NotImplementedError

    def get_import_url(self) -> str:
        raise NotImplementedError

    @create_once
    def post(self, request, *args, **kwargs):
        token = request.POST.get("token", "")
        rows = kept_rows(request, scope=self.import_scope(), token=token)
        if rows is None:
            messages.error(request, _("Esa vista previa ya no está disponible; suba el archivo otra vez."))
            return HttpResponseRedirect(self.get_import_url())
        try:
            report = self.run_import(rows, commit=True)
        except IntegrityError:
            # Someone registered a clashing row between the preview and now; the import's savepoint wrote nothing.
            messages.error(
                request,
                _("El directorio cambió desde la vista previa y no se importó nada. Suba el archivo otra vez."),
            )
            context = self.get_context_data(form=SpreadsheetUploadForm())
            return render(request, self.template_name, context, status=409)
        if not report.committed:
            # Something changed since the preview: show the new one; the kept rows stay for a later try.
            context = self.get_context_data(form=SpreadsheetUploadForm(), report=report, token=token)
            return render(request, self.template_name, context, status=409)
        forget_rows(request, token=token)
        counts = report.counts
        messages.success(
            request,
            _("Importación aplicada: %(created)s filas con altas, %(updated)s con cambios y %(unchanged)s sin cambios.")
            % counts,
        )
        return HttpResponseRedirect(self.get_done_url())
