"""What /healthz reports: the database, the broker and how long ago a worker last ran a task.

The worker check reads a time that `coalition.tasks.heartbeat` stamps in the cache: beat queues
that task every minute and a worker runs it, so an old stamp means no worker is taking jobs (or
beat is not queueing them). Without a broker, tasks run in the web process and there is no worker
to watch.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .celery import app as celery_app

HEARTBEAT_CACHE_KEY = "coalition:worker-heartbeat"


def stamp_heartbeat(now: float | None = None) -> None:
    cache.set(HEARTBEAT_CACHE_KEY, time.time() if now is None else now, timeout=None)


def heartbeat_age() -> float | None:
    """Seconds since a worker last stamped the heartbeat; None when it never did. Raises when
    the cache cannot be read: an outage is not a worker that never ran."""
    stamped = getattr(cache, "strict_get", cache.get)(HEARTBEAT_CACHE_KEY)
    return None if stamped is None else max(0.0, time.time() - float(stamped))


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return "unavailable"
    return "ok"


def broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return "unavailable"
    return "ok"


def worker_status() -> tuple[str, int | None]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process", None
    try:
        age = heartbeat_age()
    except Exception:
        return "unavailable", None
    if age is None:
        return "never seen", None
    return ("ok" if age <= settings.HEARTBEAT_MAX_AGE_SECONDS else "late"), round(age)


def report(*, jobs: bool) -> dict:
    """The status of each part and an overall "ok" or "failing". Without `jobs`, only what the
    web server itself needs (the database): the web container's own health check."""
    status = {"database": database_status()}
    if jobs:
        status["broker"] = broker_status()
        status["worker"], status["worker_heartbeat_age_seconds"] = worker_status()
    healthy = status["database"] == "ok" and status.get("broker") != "unavailable"
    healthy = healthy and status.get("worker") in (None, "ok", "in-process")
    return {"status": "ok" if healthy else "failing", **status}
