"""CSV downloads that a spreadsheet opens with their accents and never runs as formulas."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell a spreadsheet will not read as a formula."""
    text = str(value)
    return f"'{text}" if text[:1] in _FORMULA_STARTS else text


def csv_response(*, filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV attachment, UTF-8 with a byte-order mark so that Excel reads the accents.

    Text cells are written through ``csv_cell``; numbers are written as they are.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(title) for title in header])
    for row in rows:
        writer.writerow([value if isinstance(value, int | float) else csv_cell(value) for value in row])
    return response
