"""Bench: what the document pipeline costs over bare WeasyPrint, and what its cache saves.

Measured side by side in one run, on a throwaway database with the demo council:

1. the nota informativa of the demo session (its acta if the nota is
   missing) rendered through the app's pipeline, against bare WeasyPrint on
   the same HTML with the same stylesheet inlined (target ≤ 1.2×): what the
   local URL fetcher and the pipeline add;
2. the same, against a plain reference page of the same text in the system's
   DejaVu with no letterhead and no stylesheet (target ≤ 1.3×): what the
   letterhead and the embedded Montserrat cost;
3. a repeated download of the same unchanged document (through its own URL
   and the full request cycle), against a fresh render (target ≤ 0.05×): what
   the cache by the HTML's hash saves;
4. what tagging costs: the demo's orden del día and convocatoria rendered tagged (PDF/UA-1, as
   every document is) against the same HTML untagged, and archival (PDF/A-2a, as a published
   version is) against untagged. Reported, no target: accessibility is not optional.

Everything is timed in turns (app, plain, app, plain, …; fresh, cached, fresh, …) in this process's
CPU time, and each ratio is the median of the ratios turn by turn, so a machine busy with other work
weighs on both sides alike. ``make bench`` runs it with a deployment's settings (DEBUG off, Redis as
the cache, PostgreSQL), as the pages are measured; by hand, give it those settings too:

    python -m bench.documents            # or: from bench.documents import run; run()
"""

import gc
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {
    "app_over_bare": 1.2,
    "app_over_plain": 1.3,
    "cached_over_fresh": 0.05,
    # Issue 20: a worker's first document no slower than its next (fonts and stylesheets loaded at start);
    # the demo's convocatoria (21 letters) fresh in 0.3 s; the orden del día at 0.15 of Indico's timetable PDF.
    "first_over_next_warmed": 1.15,
    "convocatoria_fresh_s": 0.3,
    "agenda_over_indico": 0.15,
}
# Indico's timetable PDF of a meeting of the same size, as issue 20 measured it on these machines (230–290 ms);
# Indico itself (a site with its own PostgreSQL, Redis and Celery) is not installed by the bench.
INDICO_TIMETABLE_MS = 230


def _setup_django() -> None:
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _side_by_side(actions: dict, repeats: int) -> dict[str, list[float]]:
    """CPU time of each action in milliseconds, taken in turns (a, b, c, a, b, c…): one list per action.

    A render is single-threaded Python and C in this process: its CPU time is its cost, while the
    wall clock on a machine shared with other work also counts the time others held the CPU.
    """
    for action in actions.values():
        action()  # warm up
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeats):
        for name, action in actions.items():
            gc.collect()  # the garbage one action leaves is not collected on the next one's time
            started = time.process_time()
            action()
            samples[name].append((time.process_time() - started) * 1000)
    return samples


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _ratio(samples: dict[str, list[float]], numerator: str, denominator: str) -> float:
    """The median of the ratios turn by turn: each pair ran back to back, so a machine that slows
    down or speeds up during the run weighs on both sides of each ratio alike."""
    return statistics.median(a / b for a, b in zip(samples[numerator], samples[denominator], strict=True))


def _document(session):
    """The nota when the session has one, else the acta drafted from the session."""
    from sessions_app.documents.registry import EXPORT_ONLY
    from sessions_app.services.minutes import minutes_draft

    build = EXPORT_ONLY.get("nota_informativa.pdf")
    if build is not None:
        document = build(session)
        if document is not None:
            return "nota_informativa", document
    from sessions_app.documents.builders import minutes_document

    minutes_draft(session=session)
    return "acta", minutes_document(session)


def measure(*, repeats: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.urls import reverse
    from weasyprint import HTML

    from bench.accounts import verified_client
    from core import versions
    from demo.loader import load_demo
    from sessions_app.documents.builders import agenda_document, convocation_document
    from sessions_app.documents.rendering import ARCHIVAL, PRINT_CSS, TAGGED, _font_faces, render_pdf
    from sessions_app.models import Session

    load_demo(with_accounts=True)
    session = Session.objects.get(starts_at__year=2022)
    name, document = _document(session)
    html = document.html

    # Bare WeasyPrint: the same HTML, the same stylesheet and fonts inlined, WeasyPrint's own fetcher; tagged
    # like the app's, as the plain page is, so these two ratios still measure the pipeline and the letterhead.
    inline_css = _font_faces() + "\n" + PRINT_CSS.read_text(encoding="utf-8")
    bare_html = html.replace("</head>", f"<style>{inline_css}</style></head>", 1)
    # The plain reference: the same words, paragraph by paragraph, nothing else.
    words = re.sub(r"<[^>]+>", "\n", html.split("<body>", 1)[-1])
    paragraphs = [" ".join(block.split()) for block in words.split("\n\n") if block.strip()]
    # In Spanish and hyphenated as the documents are (a tagged PDF needs the language; hyphenation is the
    # text's typography, not the letterhead's): the ratio still measures the letterhead and the font.
    plain_html = (
        '<html lang="es-MX"><head><style>body { font-family: "DejaVu Sans"; hyphens: auto; }</style></head><body>'
        + "".join(f"<p>{text}</p>" for text in paragraphs)
        + "</body></html>"
    )

    def app():
        render_pdf(list(document.parts) or html)

    # Two pairs, each in turns: bare WeasyPrint builds its fonts anew on every call, which disturbs
    # Pango's caches for whatever runs next, so it does not share turns with the plain page.
    against_plain = _side_by_side(
        {"app": app, "plain": lambda: HTML(string=plain_html).write_pdf(pdf_variant=TAGGED)}, repeats
    )
    against_bare = _side_by_side(
        {"app": app, "bare": lambda: HTML(string=bare_html, base_url=".").write_pdf(pdf_variant=TAGGED)}, repeats
    )

    # What tagging costs, on the documents every session prints: tagged, archival and untagged in turns.
    tagging = {}
    printed = {"orden_del_dia": agenda_document(session), "convocatoria": convocation_document(session)}
    for which, rendered in printed.items():
        source = list(rendered.parts) or rendered.html
        tagging[which] = _side_by_side(
            {
                "untagged": lambda source=source: render_pdf(source, variant=None),
                "tagged": lambda source=source: render_pdf(source, variant=TAGGED),
                "archival": lambda source=source: render_pdf(source, variant=ARCHIVAL),
            },
            max(5, repeats // 3),
        )

    client = verified_client(session.council.staff.first() or get_user_model().objects.get(username="secretaria"))
    # A download goes through the document's own URL and the whole request cycle (middleware, login,
    # permission, the HTML found or built, its PDF from the cache by hash): repeated, against a fresh one.
    # The measured document's, and the acta's (the longest draft, through the session's documents view).
    from sessions_app.services.minutes import minutes_draft

    minutes_draft(session=session)
    urls = {"acta": reverse("sessions_app:document", args=[session.pk, "acta"])}
    if name == "nota_informativa":
        urls[name] = reverse("sessions_app:note_pdf", args=[session.pk])

    etags = {url: client.get(url)["ETag"].strip('"') for url in urls.values()}

    def fresh(url):
        # Forget this document only (clearing the whole cache would also log out with cached sessions):
        # a new council version makes its HTML be built again, and its PDF is dropped by hash.
        versions.council_changed(session.council_id)
        cache.delete(f"pdf:{TAGGED}:{etags[url]}")
        response = client.get(url)
        assert response.status_code == 200 and response["ETag"].strip('"') == etags[url]

    def cached(url):
        assert client.get(url).status_code == 200

    turns = {}
    for which, url in urls.items():  # each document's fresh download right before its repeated one
        turns[f"{which} fresh"] = lambda url=url: fresh(url)
        turns[f"{which} cached"] = lambda url=url: cached(url)
    downloads = _side_by_side(turns, repeats)
    figures = {
        "document": name,
        "app_ms": round(_median(against_plain["app"]), 1),
        "bare_ms": round(_median(against_bare["bare"]), 1),
        "plain_ms": round(_median(against_plain["plain"]), 1),
        "fresh_download_ms": round(_median(downloads[f"{name} fresh"]), 1),
        "cached_download_ms": round(_median(downloads[f"{name} cached"]), 1),
        "app_over_bare": round(_ratio(against_bare, "app", "bare"), 2),
        "app_over_plain": round(_ratio(against_plain, "app", "plain"), 2),
        "cached_over_fresh": round(_ratio(downloads, f"{name} cached", f"{name} fresh"), 3),
        "acta_fresh_download_ms": round(_median(downloads["acta fresh"]), 1),
        "acta_cached_download_ms": round(_median(downloads["acta cached"]), 1),
        "acta_cached_over_fresh": round(_ratio(downloads, "acta cached", "acta fresh"), 3),
    }
    for which, samples in tagging.items():
        figures[f"{which}_untagged_ms"] = round(_median(samples["untagged"]), 1)
        figures[f"{which}_tagged_ms"] = round(_median(samples["tagged"]), 1)
        figures[f"{which}_archival_ms"] = round(_median(samples["archival"]), 1)
        figures[f"{which}_tagged_over_untagged"] = round(_ratio(samples, "tagged", "untagged"), 2)
        figures[f"{which}_archival_over_untagged"] = round(_ratio(samples, "archival", "untagged"), 2)
    figures.update(_first_document(agenda_document(session).html))
    figures["convocatoria_fresh_s"] = round(figures["convocatoria_tagged_ms"] / 1000, 3)
    figures["agenda_over_indico"] = round(figures["orden_del_dia_tagged_ms"] / INDICO_TIMETABLE_MS, 3)
    figures["ok"] = all(figures[key] <= target for key, target in TARGETS.items())
    return figures


def _first_document(html: str, *, processes: int = 5) -> dict:
    """The first document of a fresh process over its next, without the warm-up and with it (wall time).

    A process has one first document: a single one, on a shared machine, read anything from 0.8 to 1.4 of its
    next. Each variant runs in ``processes`` fresh processes, in turns; the figures are the medians (the ratio, of
    the ratios process by process)."""
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as file:
        file.write(html)
    script = Path(__file__).resolve().parent / "first_document.py"
    timings: dict[str, list[dict]] = {"cold": [], "warmed": []}
    try:
        for _ in range(processes):
            for name, extra in (("cold", []), ("warmed", ["--warm-up"])):
                done = subprocess.run(
                    [sys.executable, str(script), file.name, *extra], capture_output=True, text=True, check=True
                )
                timings[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    finally:
        Path(file.name).unlink(missing_ok=True)
    figures = {}
    for name, runs in timings.items():
        figures[f"first_doc_{name}_ms"] = round(statistics.median(run["first_ms"] for run in runs), 1)
        figures[f"next_doc_{name}_ms"] = round(statistics.median(run["next_ms"] for run in runs), 1)
        figures[f"first_over_next_{name}"] = round(
            statistics.median(run["first_ms"] / run["next_ms"] for run in runs), 2
        )
    return figures


def run(*, repeats: int = 21, verbose: bool = True) -> dict:
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
        result = measure(repeats=repeats)
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
    if verbose:
        for key, target in TARGETS.items():
            verdict = "OK" if result[key] <= target else "NO"
            print(f"{verdict} {key}: {result[key]} (meta ≤ {target})")
        print(
            f"{result['document']}: app {result['app_ms']} ms, WeasyPrint sola {result['bare_ms']} ms, "
            f"página simple {result['plain_ms']} ms; descarga repetida {result['cached_download_ms']} ms "
            f"contra {result['fresh_download_ms']} ms recién generada (tiempo de CPU, medianas)"
        )
        print(
            f"acta: descarga repetida {result['acta_cached_download_ms']} ms contra "
            f"{result['acta_fresh_download_ms']} ms recién generada ({result['acta_cached_over_fresh']}×)"
        )
        print(tagging_line(result))
    return result


def tagging_line(result: dict) -> str:
    """What tagging costs, one document after the other, as ``make bench`` prints it."""
    parts = []
    for which, label in (("orden_del_dia", "orden del día"), ("convocatoria", "convocatoria")):
        if f"{which}_tagged_ms" in result:
            parts.append(
                f"{label}: sin etiquetas {result[f'{which}_untagged_ms']} ms, etiquetado (PDF/UA-1) "
                f"{result[f'{which}_tagged_ms']} ms ({result[f'{which}_tagged_over_untagged']}×), archivo (PDF/A-2a) "
                f"{result[f'{which}_archival_ms']} ms ({result[f'{which}_archival_over_untagged']}×)"
            )
    return "Costo del etiquetado (tiempo de CPU, medianas) — " + "; ".join(parts) if parts else ""


def main() -> int:
    _setup_django()
    return 0 if run()["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
