"""gunicorn in the image, behind the proxy (.docker/nginx.conf).

The proxy buffers each request and response whole, so a slow client holds an nginx connection,
never a gunicorn thread. Threaded workers (gthread) keep a request waiting on the database from
blocking the others; the default is sized for the machine and can be set in the environment.
"""

import gc
import os
import threading


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this container may use
    except AttributeError:
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
# Two processes per core (each holds a Django and a database connection per thread), at most 8.
workers = int(os.environ.get("GUNICORN_WORKERS") or min(2 * cores(), 8))
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# How long a worker may go silent before it is restarted. With threads this does not bound a
# request (one stuck thread leaves the worker answering); a request stuck on the database is
# ended by DB_STATEMENT_TIMEOUT_SECONDS (docker-compose.yml, below this) and answered 503. The
# proxy waits a little longer than both.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# The app is imported once, in the master, and what the import made is hidden from the garbage
# collector before the workers fork (gc.freeze, as Python's documentation advises for pre-fork
# servers); each worker does the same once it has served its first requests (templates compiled,
# URLs and caches filled). A worker's full collection had walked about 200,000 long-lived
# objects in 140-270 ms, about once every 1,000 requests, and no thread of that worker answered
# meanwhile; it now walks the 1,000-3,000 left, in 1.5-3 ms. Frozen pages also stay shared
# between the workers instead of being copied into each.
preload_app = True
WARM_AFTER_REQUESTS = 100
warm = threading.Event()


def pre_fork(server, worker):
    gc.freeze()


def post_request(worker, req, environ, resp):
    if worker.nr >= WARM_AFTER_REQUESTS and not warm.is_set():
        warm.set()
        gc.collect()  # this request's answer has gone out; nothing dead is frozen with the rest
        gc.freeze()


# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Workers' heartbeat files in memory: on a container's overlay disk a slow write looks like a hang.
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's own heartbeat files, not data
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
accesslog = "-"
# The path only, never the query string: search terms can carry survivors' names.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
