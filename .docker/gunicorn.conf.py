"""gunicorn in the image, behind the proxy (.docker/nginx.conf).

The proxy buffers each request and response whole, so a slow client holds an nginx connection,
never a gunicorn thread. Threaded workers (gthread) keep a request waiting on the database from
blocking the others; the default is sized for the machine and can be set in the environment.
"""

import os


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
# Longest request allowed: the biggest PDF export takes seconds; the proxy waits a little longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Workers' heartbeat files in memory: on a container's overlay disk a slow write looks like a hang.
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's own heartbeat files, not data
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
accesslog = "-"
# The path only, never the query string: search terms can carry survivors' names.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
