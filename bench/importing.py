"""Bench: previewing and importing 5,000 people, as a ratio to reading the file alone.

Matching and applying rows must cost a bounded amount per row, never a query that grows with the directory:
this builds an XLSX of 5,000 people in 250 institutions of one state, then times, on a throwaway database,
reading it (``core.spreadsheets.read_rows``), the preview (``directory_import`` rolled back) and the import
(committed), and prints each as a multiple of the reading.

    python bench/importing.py            # or: from bench.importing import run; run()
"""

import os
import statistics
import sys
import time
from pathlib import Path

PEOPLE = 5_000
PER_INSTITUTION = 20


def _setup_django() -> None:
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _file(people: int):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.spreadsheets import xlsx_bytes
    from members.importing import DIRECTORY_COLUMNS

    rows = [
        {
            "institution": f"Dependencia de Prueba {n // PER_INSTITUTION}",
            "government_order": "Estatal",
            "state": "Jalisco",
            "full_name": f"Persona de Prueba {n}",
            "post": "Director de Área",
            "email": f"persona{n}@jalisco.gob.mx",
        }
        for n in range(people)
    ]
    content = xlsx_bytes(DIRECTORY_COLUMNS, rows)
    return lambda: SimpleUploadedFile("directorio.xlsx", content)


def _time(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(*, people: int = PEOPLE, repeats: int = 3) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from core.spreadsheets import read_rows
    from members.importing import DIRECTORY_COLUMNS, directory_import

    upload = _file(people)
    admin = get_user_model().objects.create(username="bench-import", is_superuser=True)
    rows = read_rows(upload(), DIRECTORY_COLUMNS)
    reading = _time(lambda: read_rows(upload(), DIRECTORY_COLUMNS), repeats)
    preview = _time(lambda: directory_import(rows=rows, viewer=admin), repeats)

    def import_and_undo():
        with transaction.atomic():
            report = directory_import(rows=rows, viewer=admin, commit=True)
            assert report.committed, report.counts
            transaction.set_rollback(True)

    importing = _time(import_and_undo, repeats)
    return {
        "people": people,
        "read_s": round(reading, 3),
        "preview_s": round(preview, 3),
        "import_s": round(importing, 3),
        "preview_ratio": round(preview / reading, 1),
        "import_ratio": round(importing / reading, 1),
    }


def run(*, people: int = PEOPLE, repeats: int = 3, verbose: bool = True) -> dict:
    """Set up a throwaway database, measure, tear it down, print the result and return it."""
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        result = measure(people=people, repeats=repeats)
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
    if verbose:
        print(
            f"{result['people']} personas: leer {result['read_s']} s; vista previa {result['preview_s']} s "
            f"(×{result['preview_ratio']}); importar {result['import_s']} s (×{result['import_ratio']})"
        )
    return result


def main() -> int:
    _setup_django()
    run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
