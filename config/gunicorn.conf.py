"""gunicorn settings for the web process: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every value can be overridden from the environment (GUNICORN_* or the usual WEB_CONCURRENCY, PORT).
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '{"remote":"%(h)s","request":"%(r)s","status":%(s)s,"bytes":"%(B)s","ms":%(M)s,"agent":"%(a)s"}'

# What a worker loaded before its first request (Django, the apps, the warm-up's fonts, stylesheets and
# templates: ~270,000 objects) lives as long as the worker. Out of the collector's sight (gc.freeze), and with
# young objects collected every GC_GEN0_THRESHOLD allocations instead of 700, a request no longer pays for
# collections that walk all of them: 10-20% of each page's time in process (README, Performance).
GC_GEN0_THRESHOLD = int(os.environ.get("GC_GEN0_THRESHOLD", "10000"))


def post_worker_init(worker):
    gc.freeze()
    if GC_GEN0_THRESHOLD > 0:
        _, *older = gc.get_threshold()
        gc.set_threshold(GC_GEN0_THRESHOLD, *older)
