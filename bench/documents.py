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
   the cache by the HTML's hash saves.

Everything is timed in turns (app, plain, app, plain, …; fresh, cached, fresh, …) in this process's
CPU time, and each ratio is the median of the ratios turn by turn, so a machine busy with other work
weighs on both sides alike. ``make bench`` runs it with a deployment's settings (DEBUG off, Redis as
the cache, PostgreSQL), as the pages are measured; by hand, give it those settings too:

    python -m bench.documents            # or: from bench.documents import run; run()
"""

import gc
import os
import re
import statistics
import sys
import time
from pathlib import Path

TARGETS = {"app_over_bare": 1.2, "app_over_plain": 1.3, "cached_over_fresh": 0.05}


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
    from sessions_app.documents.rendering import PRINT_CSS, _font_faces, render_pdf
    from sessions_app.models import Session

    load_demo(with_accounts=True)
    session = Session.objects.get(starts_at__year=2022)
    name, document = _document(session)
    html = document.html

    # Bare WeasyPrint: the same HTML, the same stylesheet and fonts inlined, WeasyPrint's own fetcher.
    inline_css = _font_faces() + "\n" + PRINT_CSS.read_text(encoding="utf-8")
    bare_html = html.replace("</head>", f"<style>{inline_css}</style></head>", 1)
    # The plain reference: the same words, paragraph by paragraph, nothing else.
    words = re.sub(r"<[^>]+>", "\n", html.split("<body>", 1)[-1])
    paragraphs = [" ".join(block.split()) for block in words.split("\n\n") if block.strip()]
    plain_html = (
        '<html><head><style>body { font-family: "DejaVu Sans"; }</style></head><body>'
        + "".join(f"<p>{text}</p>" for text in paragraphs)
        + "</body></html>"
    )

    def app():
        render_pdf(list(document.parts) or html)

    # Two pairs, each in turns: bare WeasyPrint builds its fonts anew on every call, which disturbs
    # Pango's caches for whatever runs next, so it does not share turns with the plain page.
    against_plain = _side_by_side({"app": app, "plain": lambda: HTML(string=plain_html).write_pdf()}, repeats)
    against_bare = _side_by_side(
        {"app": app, "bare": lambda: HTML(string=bare_html, base_url=".").write_pdf()}, repeats
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
        cache.delete(f"pdf:{etags[url]}")
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
    figures["ok"] = all(figures[key] <= target for key, target in TARGETS.items())
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
    return result


def main() -> int:
    _setup_django()
    return 0 if run()["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
