"""Settings of the bench: the app's own settings, plus a bare view to compare its pages with."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# collectstatic for the bench's production-like runs goes here, away from the deployment's.
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"  # noqa: F405

# Each gunicorn of a run keeps its own keys in the shared Redis (fragments and sessions), removed at the end:
# the small and the large data set never share a cached page or version, and the query count starts cold.
# The bench's prefix wins over CACHE_KEY_PREFIX (which config.settings always sets, empty by default).
CACHES["default"]["KEY_PREFIX"] = env.str("BENCH_CACHE_PREFIX", default="bench")  # noqa: F405

# The bench talks plain HTTP to 127.0.0.1: cookies marked Secure would never come back.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# "Right after a change in its council": requests with X-Bench-Touch mark the council changed first (bench/touch.py).
MIDDLEWARE = ["bench.touch.TouchCouncilMiddleware", *MIDDLEWARE]  # noqa: F405
