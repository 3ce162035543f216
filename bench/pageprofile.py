"""Where a page's time goes: each bench page, cold and warm, in process with the bench's settings (cProfile).

    .venv/bin/python bench/pageprofile.py --size small [--page session --cold]

Prints each page's wall time per request (median of ``--turns``), cold (right after a change in its council)
and warm, then the top functions by cumulative time of the page asked with ``--page``.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.server import base_env  # noqa: E402

_SIZE = sys.argv[sys.argv.index("--size") + 1] if "--size" in sys.argv else "small"
os.environ.update(base_env(db_name=f"sesiones_bench_{_SIZE}", cache_prefix="bench-profile"))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from bench.accounts import verified_client  # noqa: E402
from bench.run import STATE_DIR, pages, touch_value  # noqa: E402
from bench.touch import touch  # noqa: E402


def _clients(info):
    users = get_user_model().objects
    clients = {None: Client(HTTP_HOST="127.0.0.1")}
    for role in ("staff", "delegate"):
        clients[role] = verified_client(users.get(username=info[f"{role}_username"]), HTTP_HOST="127.0.0.1")
    return clients


def _time(client, path, *, change="", turns=15):
    """Median wall time of a request in ms (what a sync worker is busy for: CPU, and waiting on SQL and Redis)."""
    spent = []
    for _ in range(turns):
        if change:
            touch(change)
        started = time.perf_counter()
        response = client.get(path)
        spent.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(spent) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="small")
    parser.add_argument("--page", default="")
    parser.add_argument("--cold", action="store_true", help="profile --page right after a change")
    parser.add_argument("--turns", type=int, default=15)
    args = parser.parse_args()
    info = json.loads((STATE_DIR / f"sesiones_bench_{args.size}.json").read_text())
    clients = _clients(info)
    for name, page in pages(info).items():
        if page.role == "api" or (args.page and name != args.page):
            continue
        client = clients[page.role]
        client.get(page.path)
        cold = _time(client, page.path, change=touch_value(info), turns=args.turns)
        warm = _time(client, page.path, turns=args.turns)
        print(f"{name:22} cold {cold:7.1f} ms   warm {warm:7.1f} ms", flush=True)
    if args.page:
        page = pages(info)[args.page]
        client = clients[page.role]
        profiler = cProfile.Profile()
        for _ in range(10):
            if args.cold:
                touch(touch_value(info))
            profiler.enable()
            client.get(page.path)
            profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
