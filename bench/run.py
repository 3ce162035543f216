"""`make bench`: the app's pages against a pure Django "hello", on a small and a large data set, in one run.

1. Builds the two data sets (bench/data.py) in fresh PostgreSQL databases.
2. Serves each with gunicorn (2 workers) on 127.0.0.1, side by side.
3. Measures with wrk, in rounds that alternate page and data set, each page
   right after a run of the pure Django "hello" (bench/hello.py: one file, no
   middleware, no database, its own gunicorn with the same workers), so that
   whatever else the machine does weighs on both alike: the pages the staff
   open daily (dashboard, session list, council, session page warm and right
   after a change in its council, tracker, attendance statistics, check-in,
   live confirmations), the delegate's dashboard and agreements, and the
   answer link. Each figure is the median over the rounds; each ratio, the
   median of the page over the hello run just before it (and, second, over
   the app's own bare view of that round).
4. Adds the convocation figure (bench/convocation.py), the import figure (bench/importing.py) and the PDF figures
   (bench/documents.py, when present).
5. Prints one table and writes bench/results.json.

    python bench/run.py [--seconds 5] [--rounds 3] [--skip-data]
"""

import argparse
import datetime as dt
import importlib.util
import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import (  # noqa: E402
    BIN,
    PG_URL,
    ROOT,
    STATE_DIR,
    HelloServer,
    Server,
    base_env,
    build_data,
    collectstatic,
    ensure_wrk,
    forget_cache_prefix,
    migrate,
    wrk,
)

RESULTS = ROOT / "bench" / "results.json"
PORTS = {"small": 8741, "large": 8742}
HELLO_PORT = 8743

# Targets (issues 8 and 20). Ratios are requests per second as a share of the pure Django "hello"'s.
DAILY_MIN_RATIO = 0.05  # every page staff or delegates open daily, cached or right after a change
SESSION_MIN_RATIO = 0.25  # the session page, warm
SESSION_COLD_MIN_RATIO = 0.05  # the session page right after a change in its council
ANSWER_MIN_RATIO = 0.10  # the answer link every delegate opens after a convocation
API_MIN_BARE_RATIO = 0.15  # the API's session list and detail, as a share of the app's bare view (issue 21)
MAX_GROWTH = 1.5  # each page's p95 on the large set, as a multiple of the small set's


@dataclass(frozen=True)
class Page:
    path: str
    role: str | None  # "staff", "delegate" or None (no login)
    touch: bool = False  # every request right after an answer in the probe session (bench/touch.py)
    min_ratio: float = DAILY_MIN_RATIO  # of the pure hello's requests per second
    min_bare_ratio: float = 0  # of the app's own bare view's (the API's target, issue 21)


def pages(info: dict) -> dict[str, Page]:
    """The pages measured, each as its role; every daily page also right after an answer in the probe session."""
    council, session = info["council_id"], info["probe_session_id"]
    warm = _warm_pages(info, council, session)
    cold = {
        f"{name}_cold": Page(page.path, page.role, touch=True, min_ratio=page.min_ratio)
        for name, page in warm.items()
        if name in COLD_TOO
    }
    ordered = {}
    for name, page in warm.items():
        ordered[name] = page
        if f"{name}_cold" in cold:
            ordered[f"{name}_cold"] = cold[f"{name}_cold"]
    return ordered


# Measured cached and right after an answer in the probe session ("cached or cold", issue 20).
COLD_TOO = (
    "dashboard",
    "sessions",
    "council",
    "tracker",
    "attendance",
    "checkin",
    "live",
    "delegate_dashboard",
    "delegate_agreements",
    "answer",
)


def _warm_pages(info: dict, council: int, session: int) -> dict[str, Page]:
    return {
        "bare": Page("/bench/bare/", None, min_ratio=0),
        "dashboard": Page("/", "staff"),
        "sessions": Page("/sesiones/", "staff"),
        "council": Page(f"/consejos/{council}/", "staff"),
        "session": Page(f"/sesiones/{session}/", "staff", min_ratio=SESSION_MIN_RATIO),
        "session_cold": Page(f"/sesiones/{session}/", "staff", touch=True, min_ratio=SESSION_COLD_MIN_RATIO),
        "tracker": Page(f"/acuerdos/consejo/{council}/", "staff"),
        "attendance": Page(f"/consejos/{council}/asistencia/", "staff"),
        "checkin": Page(f"/sesiones/{session}/registro/", "staff"),
        "live": Page(f"/sesiones/{session}/confirmaciones/", "staff"),
        "delegate_dashboard": Page("/", "delegate"),
        "delegate_agreements": Page("/acuerdos/mi-institucion/", "delegate"),
        "answer": Page(f"/sesiones/respuesta/{info['answer_token']}/", None, min_ratio=ANSWER_MIN_RATIO),
        # The JSON API (api/), with the staff member's read token instead of the session's cookie.
        "api_sessions": Page("/api/v1/sessions", "api", min_bare_ratio=API_MIN_BARE_RATIO),
        "api_session": Page(f"/api/v1/sessions/{session}", "api", min_bare_ratio=API_MIN_BARE_RATIO),
    }


def touch_value(info: dict) -> str:
    """``X-Bench-Touch`` for the probe session: the change an answer or a check-in in it makes (bench/touch.py)."""
    return f"{info['council_id']}:{info['probe_session_id']}"


def credentials(server: Server, name: str) -> str | None:
    """What a page is requested with: nothing (the bare view), the API token, or the staff's session cookie."""
    if name == "bare":
        return None
    return server.api_token("staff") if name.startswith("api_") else server.login("staff")


LABELS = {
    "hello": "«hello» de Django puro (piso)",
    "bare": "vista mínima dentro de la app",
    "dashboard": "tablero (secretaría)",
    "sessions": "lista de sesiones",
    "council": "consejo",
    "session": "sesión (40 invitaciones, 12 puntos)",
    "session_cold": "sesión, justo tras una respuesta en ella",
    "tracker": "seguimiento de acuerdos",
    "attendance": "estadística de asistencia",
    "checkin": "registro de asistencia",
    "live": "confirmaciones en vivo",
    "delegate_dashboard": "tablero (delegada)",
    "delegate_agreements": "acuerdos de mi institución",
    "answer": "enlace de respuesta (sin sesión)",
    **{
        f"{name}_cold": f"… {label}, tras una respuesta"
        for name, label in {
            "dashboard": "tablero (secretaría)",
            "sessions": "lista de sesiones",
            "council": "consejo",
            "tracker": "seguimiento de acuerdos",
            "attendance": "estadística de asistencia",
            "checkin": "registro de asistencia",
            "live": "confirmaciones en vivo",
            "delegate_dashboard": "tablero (delegada)",
            "delegate_agreements": "acuerdos de mi institución",
            "answer": "enlace de respuesta",
        }.items()
    },
    "api_sessions": "API: lista de sesiones",
    "api_session": "API: una sesión",
}


def _cookie(server: Server, page: Page) -> str | None:
    """What a page is requested with: nothing, the staff's read token of the API, or the role's session cookie."""
    if page.role == "api":
        return server.api_token("staff")
    return server.login(page.role) if page.role else None


def measure_pages(servers: dict[str, Server], hello: HelloServer, *, seconds: int, rounds: int) -> dict:
    """Rounds of wrk over every page on every server, each right after a run of the pure hello; medians.

    The machine is shared and its load changes from one minute to the next: each page's ratio is taken
    against the pure Django "hello" measured just before it (its own gunicorn, the same workers), then the
    median over the rounds. The app's bare view is measured once per round and size, for the second ratio.
    """
    samples: dict[str, dict[str, list[dict]]] = {}
    to_hello: dict[str, dict[str, list[float]]] = {}
    to_bare: dict[str, dict[str, list[float]]] = {}
    for server in servers.values():
        for page in pages(server.info).values():
            for _ in range(6):  # check the status, warm each worker's connection and the caches
                server.check(page.path, _cookie(server, page))

    def run(r: int, name: str, size: str, url: str, cookie: str | None, touch: str = "") -> dict:
        result = wrk(url, cookie=cookie, seconds=seconds, touch=touch)
        samples.setdefault(name, {}).setdefault(size, []).append(result)
        print(
            f"  ronda {r + 1}/{rounds} {name:<20} {size:<5} {result['rps']:7.1f} req/s  "
            f"p95 {result['p95_ms']:6.1f} ms  errores {result['errors']}",
            flush=True,
        )
        return result

    for r in range(rounds):
        for size, server in servers.items():
            floor = run(r, "hello", size, f"{hello.base}/", None)
            bare = run(r, "bare", size, f"{server.base}/bench/bare/", None)
            to_hello.setdefault("bare", {}).setdefault(size, []).append(bare["rps"] / floor["rps"])
            to_bare.setdefault("bare", {}).setdefault(size, []).append(1.0)
            to_hello.setdefault("hello", {}).setdefault(size, []).append(1.0)
            to_bare.setdefault("hello", {}).setdefault(size, []).append(floor["rps"] / bare["rps"])
            for name, page in pages(server.info).items():
                if name == "bare":
                    continue
                floor = run(r, "hello", size, f"{hello.base}/", None)
                touch = touch_value(server.info) if page.touch else ""
                result = run(r, name, size, f"{server.base}{page.path}", _cookie(server, page), touch)
                to_hello.setdefault(name, {}).setdefault(size, []).append(result["rps"] / floor["rps"])
                to_bare.setdefault(name, {}).setdefault(size, []).append(result["rps"] / bare["rps"])
    order = ["hello", "bare", *[name for name in samples if name not in ("hello", "bare")]]
    out = {}
    for name in order:
        by_size = samples[name]
        out[name] = {}
        for size, runs in by_size.items():
            out[name][size] = {
                "rps": round(statistics.median(x["rps"] for x in runs), 1),
                "p95_ms": round(statistics.median(x["p95_ms"] for x in runs), 1),
                "p50_ms": round(statistics.median(x["p50_ms"] for x in runs), 1),
                "requests": sum(x["requests"] for x in runs),
                "errors": sum(x["errors"] for x in runs),
                # per round, the page's rps over the pure hello's (and the bare view's) just before it; medians
                "ratio_to_hello": round(statistics.median(to_hello[name][size]), 3),
                "ratio_to_bare": round(statistics.median(to_bare[name][size]), 3),
            }
        out[name]["p95_large_over_small"] = round(
            statistics.median(
                large["p95_ms"] / small["p95_ms"]
                for large, small in zip(by_size["large"], by_size["small"], strict=True)
            ),
            2,
        )
    return out


def _page_specs(info: dict) -> dict[str, dict]:
    return {
        name: {"path": page.path, "role": page.role, "touch": page.touch}
        for name, page in pages(info).items()
        if name != "bare"
    }


def query_counts(infos: dict[str, dict]) -> dict:
    """How many queries each page issues on each data set, counted by Django's test client (warm and cold cache)."""
    counts = {}
    for size, info in infos.items():
        server = Server(db_name=info["db"], port=0, info=info)  # never started: only its cache prefix is used
        env = base_env(db_name=info["db"], cache_prefix=server.cache_prefix)
        code = (
            "import json, django; django.setup()\n"
            "from bench.queries import count_queries\n"
            f"info = json.loads({json.dumps(json.dumps(info))})\n"
            f"specs = json.loads({json.dumps(json.dumps(_page_specs(info)))})\n"
            "print(json.dumps(count_queries(info, specs)))\n"
        )
        output = subprocess.run(
            [str(BIN / "python"), "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        counts[size] = json.loads(output.strip().splitlines()[-1])
        server.forget_cache()
    return counts


def _run_module(path: Path, *, db_name: str, deployed: bool = False) -> dict | str:
    """Run ``path``'s ``run(verbose=False)`` in a subprocess on PostgreSQL; its dict (or why it failed).

    ``deployed`` runs it with the settings of a deployment (DEBUG off, Redis as the cache, as the
    gunicorn servers are measured); otherwise with the development settings and no Redis.
    """
    prefix = f"bench-{path.stem}"
    env = base_env(db_name=db_name, cache_prefix=prefix)
    if not deployed:
        env["DJANGO_SETTINGS_MODULE"] = "config.settings"
        env["DEBUG"] = "true"
        env.pop("REDIS_URL")
    module = path.stem
    code = (
        "import json, sys, django\n"
        "django.setup()\n"
        f"from bench.{module} import run\n"
        "result = run(verbose=False)\n"
        "print('@@RESULT@@' + json.dumps(result, default=str))\n"
    )
    try:
        done = subprocess.run([str(BIN / "python"), "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    finally:
        forget_cache_prefix(prefix)
    for line in done.stdout.splitlines():
        if line.startswith("@@RESULT@@"):
            return json.loads(line[len("@@RESULT@@") :])
    return f"falló: {(done.stderr or done.stdout).strip().splitlines()[-1:] or ['sin salida']}"


def extra_figures() -> dict:
    figures = {"convocation": _run_module(ROOT / "bench" / "convocation.py", db_name="sesiones_bench_convocation")}
    figures["importing"] = _run_module(ROOT / "bench" / "importing.py", db_name="sesiones_bench_importing")
    documents = ROOT / "bench" / "documents.py"
    if documents.exists() and importlib.util.find_spec("bench.documents") is not None:
        figures["documents"] = _run_module(documents, db_name="sesiones_bench_documents", deployed=True)
    else:
        figures["documents"] = "pendiente"
    return figures


def verdicts(results: dict) -> dict:
    page_results = results["pages"]
    specs = pages(next(iter(results["data"].values())))
    checks = {}
    for name, figures in page_results.items():
        if name in ("hello", "bare"):
            continue
        target = specs[name].min_ratio
        worst = min(figures["small"]["ratio_to_hello"], figures["large"]["ratio_to_hello"])
        checks[f"{name}_ratio_to_hello"] = {"value": worst, "target": f">= {target}", "ok": worst >= target}
        if specs[name].min_bare_ratio:
            bare_ratio = figures["large"]["ratio_to_bare"]
            checks[f"{name}_ratio_to_bare"] = {
                "value": bare_ratio,
                "target": f">= {specs[name].min_bare_ratio}",
                "ok": bare_ratio >= specs[name].min_bare_ratio,
            }
        checks[f"{name}_p95_growth"] = {
            "value": figures["p95_large_over_small"],
            "target": f"<= {MAX_GROWTH}",
            "ok": figures["p95_large_over_small"] <= MAX_GROWTH,
        }
        counts = results["queries"]
        if name in counts["small"]:
            checks[f"{name}_queries_equal"] = {
                "value": f"{counts['small'][name]} / {counts['large'][name]}",
                "target": "iguales",
                "ok": counts["small"][name] == counts["large"][name],
            }
    checks["errors"] = {
        "value": sum(f[s]["errors"] for f in page_results.values() for s in ("small", "large")),
        "target": "0",
        "ok": all(f[s]["errors"] == 0 for f in page_results.values() for s in ("small", "large")),
    }
    docs = results.get("documents")
    if isinstance(docs, dict):  # issue 5's three targets, as bench/documents.py states them
        from bench.documents import TARGETS

        for key, target in TARGETS.items():
            if key in docs:
                checks[f"pdf_{key}"] = {"value": docs[key], "target": f"<= {target}", "ok": docs[key] <= target}
    return checks


def table(results: dict) -> str:
    rows = []
    head = (
        "| página | req/s chico | req/s grande | razón vs. «hello» puro (chico / grande) | razón vs. vista mínima "
        "(grande) | p95 chico (ms) | p95 grande (ms) | p95 grande / chico | consultas chico / grande "
        "(fría / caliente) |"
    )
    rows.append(head)
    rows.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, f in results["pages"].items():
        q = results["queries"]
        queries = "—"
        if name in q["small"]:
            warm = f"{q['small'][name + '_warm']} / {q['large'][name + '_warm']}"
            queries = f"{q['small'][name]} / {q['large'][name]} ({warm})"
        rows.append(
            f"| {LABELS[name]} | {f['small']['rps']:.0f} | {f['large']['rps']:.0f} | "
            f"{f['small']['ratio_to_hello']:.3f} / {f['large']['ratio_to_hello']:.3f} | "
            f"{f['large']['ratio_to_bare']:.2f} | {f['small']['p95_ms']:.1f} | {f['large']['p95_ms']:.1f} | "
            f"{f['p95_large_over_small']:.2f} | {queries} |"
        )
    conv = results["convocation"]
    if isinstance(conv, dict):
        ms = conv["medians_ms"]
        rows.append(
            f"\nConvocar: {ms.get('300', ms.get(300))} ms para 300 lugares, {ms.get('3', ms.get(3))} ms para 3; "
            f"razón {conv['ratio']} (máximo {conv['max_ratio']})."
        )
    else:
        rows.append(f"\nConvocar: {conv}")
    docs = results["documents"]
    if isinstance(docs, dict):
        rows.append(
            f"PDF ({docs['document']}, tiempo de CPU, medianas): la app {docs['app_ms']} ms, WeasyPrint sola "
            f"{docs['bare_ms']} ms (razón {docs['app_over_bare']}), página simple en DejaVu {docs['plain_ms']} ms "
            f"(razón {docs['app_over_plain']}); descarga repetida {docs['cached_download_ms']} ms contra "
            f"{docs['fresh_download_ms']} ms recién generada (razón {docs['cached_over_fresh']}; el acta "
            f"{docs['acta_cached_over_fresh']})."
        )
        from bench.documents import tagging_line

        rows.append(tagging_line(docs))
    else:
        rows.append(f"PDF: {docs}")
    data = results["data"]
    rows.append(
        f"Datos: grande {data['large']['counts']['invitations']:,} invitaciones en {data['large']['seconds_data']} s; "
        f"chico {data['small']['counts']['invitations']:,} en {data['small']['seconds_data']} s."
    )
    rows.append("")
    for name, check in results["checks"].items():
        rows.append(f"  {'OK ' if check['ok'] else 'NO '} {name}: {check['value']} (meta {check['target']})")
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="make bench")
    parser.add_argument("--seconds", type=int, default=4, help="duration of each wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-data", action="store_true", help="reuse the databases of the last run")
    args = parser.parse_args(argv)
    ensure_wrk()
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    infos = {}
    for size in ("small", "large"):
        path = STATE_DIR / f"sesiones_bench_{size}.json"
        if args.skip_data and path.exists():
            infos[size] = json.loads(path.read_text())
            migrate(db_name=infos[size]["db"])  # a reused data set gets the migrations added since it was built
        else:
            infos[size] = build_data(size)
    collectstatic()
    servers = {size: Server(db_name=info["db"], port=PORTS[size], info=info) for size, info in infos.items()}
    hello = HelloServer(port=HELLO_PORT)
    try:
        hello.start()
        for server in servers.values():
            server.start()
        print(f"Midiendo: {args.rounds} rondas de {args.seconds} s por página y tamaño…", flush=True)
        page_results = measure_pages(servers, hello, seconds=args.seconds, rounds=args.rounds)
    finally:
        hello.stop()
        for server in servers.values():
            server.stop()
    results = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pg": PG_URL.rsplit("@", 1)[-1],
        "seconds_per_run": args.seconds,
        "rounds": args.rounds,
        "data": infos,
        "pages": page_results,
        "queries": query_counts(infos),
    }
    results.update(extra_figures())
    results["checks"] = verdicts(results)
    for info in results["data"].values():
        info.pop("answer_token", None)
        info.pop("password", None)
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    print()
    print(table(results))
    print(f"\nbench/results.json escrito; {time.perf_counter() - started:.0f} s en total.")
    return 0 if all(check["ok"] for check in results["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
