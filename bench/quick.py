"""A quick look at a few pages against the pure hello, small data set only (not the verdicts: ``make bench``).

    .venv/bin/python bench/quick.py session dashboard --seconds 3 --rounds 3

Reuses the small data set of the last ``make bench`` (or ``build_data('small')``); prints each page's ratio to the
hello run just before it, per round, and the median.
"""

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import HELLO_PORT, PORTS, _cookie, pages, touch_value  # noqa: E402
from bench.server import STATE_DIR, HelloServer, Server, wrk  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    info = json.loads((STATE_DIR / "sesiones_bench_small.json").read_text())
    server = Server(db_name=info["db"], port=PORTS["small"], info=info)
    hello = HelloServer(port=HELLO_PORT)
    ratios: dict[str, list[float]] = {name: [] for name in args.pages}
    try:
        hello.start()
        server.start()
        specs = pages(info)
        for name in args.pages:
            for _ in range(6):
                server.check(specs[name].path, _cookie(server, specs[name]))
        for r in range(args.rounds):
            for name in args.pages:
                page = specs[name]
                floor = wrk(f"{hello.base}/", cookie=None, seconds=args.seconds)
                touch = touch_value(info) if page.touch else ""
                result = wrk(
                    f"{server.base}{page.path}", cookie=_cookie(server, page), seconds=args.seconds, touch=touch
                )
                ratios[name].append(result["rps"] / floor["rps"])
                print(
                    f"ronda {r + 1} {name:<20} hello {floor['rps']:7.0f}  página {result['rps']:7.0f} req/s  "
                    f"razón {ratios[name][-1]:.3f}  p95 {result['p95_ms']:.1f} ms  errores {result['errors']}",
                    flush=True,
                )
    finally:
        hello.stop()
        server.stop()
        server.forget_cache()
    for name, values in ratios.items():
        print(f"{name:<20} mediana {statistics.median(values):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
