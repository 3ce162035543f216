"""A fresh process's first document against its next: with and without the worker's warm-up.

    python bench/first_document.py <html file> [--warm-up]

Prints ``{"first_ms": …, "next_ms": …}``: the wall time of the first ``render_pdf`` of the HTML in
this process and of the one after it (the median of three). ``bench/documents.py`` runs it twice in
fresh processes, as a gunicorn or Celery worker starts: without ``rendering.warm_up`` and with it
(``config/wsgi.py`` and ``config/celery.py`` call it when ``DOCUMENTS_WARM_UP`` is on).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from sessions_app.documents import rendering  # noqa: E402


def main() -> int:
    html = Path(sys.argv[1]).read_text(encoding="utf-8")
    if "--warm-up" in sys.argv:
        rendering.warm_up()
    started = time.perf_counter()
    rendering.render_pdf(html)
    first = time.perf_counter() - started
    turns = []
    for _ in range(3):
        started = time.perf_counter()
        rendering.render_pdf(html)
        turns.append(time.perf_counter() - started)
    print(json.dumps({"first_ms": round(first * 1000, 1), "next_ms": round(statistics.median(turns) * 1000, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
