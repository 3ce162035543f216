"""`make loadtest`: 50 users for 60 s against gunicorn and PostgreSQL, as people use it and under stress.

Two runs: 50 users each pausing 1–5 s between pages, as people do (p95 under 300 ms), then the same 50
without any pause (the stress figure: how many requests per second the two workers serve, and the queue's
latency). Both must end with zero errors.

The users mix what people do around a session: staff and delegates open their
dashboard and the session page, delegates open their convocation's answer
link, and download the orden del día as PDF (``sessions_app:document``, served
from the shared cache of rendered documents after the first request). Runs on
the small bench data set (built if missing) with gunicorn's 2 workers; prints requests, errors, requests/s and p95.

    python bench/loadtest.py [--users 50] [--seconds 60]
"""

import argparse
import http.client
import json
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import BIN, ROOT, STATE_DIR, Server, base_env, build_data, collectstatic, ensure_wrk  # noqa: E402

MIX_SCRIPT = Path(__file__).resolve().parent / "loadtest.lua"
PORT = 8743
THINK_MS = "1000-5000"  # each user's pause between pages, at random
MAX_P95_WITH_THINK_MS = 300


def urls(info: dict) -> tuple[str, str, str]:
    """The answer link (signed with this run's key), the document's URL, and whether it is the PDF or the HTML."""
    env = base_env(db_name=info["db"], cache_prefix="loadtest-urls")
    code = (
        "import django; django.setup()\n"
        "from django.urls import reverse\n"
        "from sessions_app.models import Invitation\n"
        "from sessions_app.tokens import invitation_token\n"
        f"token = invitation_token(Invitation.objects.get(pk={info['invitation_id']}))\n"
        "print('answer', reverse('sessions_app:answer', args=[token]))\n"
        f"print('pdf', reverse('sessions_app:document', args=[{info['probe_session_id']}, 'orden-del-dia']))\n"
    )
    out = subprocess.run(
        [str(BIN / "python"), "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    lines = [line.split(" ", 1) for line in out.strip().splitlines()[-2:]]
    return lines[0][1], lines[1][1], lines[1][0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="make loadtest")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data set first")
    args = parser.parse_args(argv)
    wrk = ensure_wrk()
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    info_path = STATE_DIR / "sesiones_bench_small.json"
    info = build_data("small") if args.rebuild or not info_path.exists() else json.loads(info_path.read_text())
    collectstatic()
    answer, document, kind = urls(info)
    session = f"/sesiones/{info['probe_session_id']}/"
    server = Server(db_name=info["db"], port=PORT, info=info).start()
    try:
        staff, delegate = server.login("staff"), server.login("delegate")
        mix = [
            ("dashboard", "/", staff),
            ("dashboard", "/", delegate),
            ("session", session, staff),
            ("session", session, delegate),
            ("answer", answer, ""),
            ("document", document, delegate if kind == "pdf" else ""),
        ]
        for _name, path, cookie in mix:
            server.check(path, cookie or None)
        env = base_env(db_name=info["db"], cache_prefix=server.cache_prefix)
        env["LOADTEST_MIX"] = "\n".join(f"{name}\t{path}\t{cookie}" for name, path, cookie in mix)
        what = "PDF del orden del día" if kind == "pdf" else "orden del día imprimible (HTML: aún no hay PDF)"
        print(
            f"{args.users} usuarios durante {args.seconds} s contra gunicorn (2 workers) y PostgreSQL "
            f"({info['db']}); documento: {what}",
            flush=True,
        )
        results = {}
        results["with_think_time"] = _think_run(mix, users=args.users, seconds=args.seconds)
        results["stress"] = _run(wrk, env=env, users=args.users, seconds=args.seconds)
        for name in results:
            results[name]["document"] = kind
            for _name, path, cookie in mix:  # still logged in, still answering: nothing was redirected to the login
                server.check(path, cookie or None)
    finally:
        server.stop()
    (STATE_DIR / "loadtest.json").write_text(json.dumps(results, indent=2))
    think = results["with_think_time"]
    ok = all(result["errors"] == 0 for result in results.values()) and think["p95_ms"] < MAX_P95_WITH_THINK_MS
    print(
        f"{'OK' if ok else 'NO'}: p95 con pausas {think['p95_ms']} ms (meta < {MAX_P95_WITH_THINK_MS}), "
        f"errores {sum(result['errors'] for result in results.values())} (meta 0)"
    )
    return 0 if ok else 1


def _think_run(mix: list[tuple[str, str, str]], *, users: int, seconds: int) -> dict:
    """Each user (a thread) opens the next page of the mix, then pauses 1-5 s, as people do; latencies as seen.

    wrk's own pause (``delay``) counts part of the pause in its latencies when the server closes the
    connection after each response (gunicorn's sync workers do), so this run times each request itself.
    """
    low, high = (int(part) / 1000 for part in THINK_MS.split("-"))
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user(number: int) -> None:
        chooser = random.Random(number)  # noqa: S311 - pauses of a load test, not secrets
        step = number
        time.sleep(chooser.uniform(0, high))  # people do not all arrive in the same second
        while time.monotonic() < deadline:
            _name, path, cookie = mix[step % len(mix)]
            step += 1
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            headers = {"Accept-Language": "es-MX", **({"Cookie": cookie} if cookie else {})}
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                failed = response.status >= 400
            except OSError:
                failed = True
            finally:
                connection.close()
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += failed
            time.sleep(chooser.uniform(low, high))

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)

    def percentile(p: int) -> float:
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000, 1)

    result = {
        "requests": len(ordered),
        "errors": errors[0],
        "rps": round(len(ordered) / seconds, 1),
        "p50_ms": percentile(50),
        "p95_ms": percentile(95),
        "p99_ms": percentile(99),
    }
    print(
        f"con pausas de {THINK_MS} ms: peticiones {result['requests']}  errores {result['errors']}  "
        f"req/s {result['rps']}  p50 {result['p50_ms']} ms  p95 {result['p95_ms']} ms  p99 {result['p99_ms']} ms",
        flush=True,
    )
    return result


def _run(wrk: str, *, env: dict, users: int, seconds: int) -> dict:
    """One wrk run of the mix; its figures, printed."""
    output = subprocess.run(
        [
            wrk,
            "-t2",
            f"-c{users}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(MIX_SCRIPT),
            f"http://127.0.0.1:{PORT}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(next(line for line in output.splitlines() if line.startswith("{")))
    errors = sum(result[k] for k in result if k.startswith("errors_"))
    rps = result["requests"] / (result["duration_us"] / 1e6)
    p50, p95, p99 = (round(result[f"p{n}_us"] / 1000, 1) for n in (50, 95, 99))
    what = "sin pausas (estrés)"
    print(
        f"{what}: peticiones {result['requests']}  errores {errors}  req/s {rps:.1f}  "
        f"p50 {p50} ms  p95 {p95} ms  p99 {p99} ms",
        flush=True,
    )
    if errors:
        print("detalle de errores: " + json.dumps({k: v for k, v in result.items() if k.startswith("errors_")}))
    return {**result, "rps": round(rps, 1), "errors": errors, "p50_ms": p50, "p95_ms": p95, "p99_ms": p99}


if __name__ == "__main__":
    sys.exit(main())
