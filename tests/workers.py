"""The suite on every core: each pytest-xdist worker gets a PostgreSQL and a Redis of its own.

`make test` loads this plugin (`-p tests.workers`) and starts a worker per core. A plugin named
with `-p` is imported before pytest-django imports the settings, so rewriting the environment
here reaches everything that reads it: the settings (database, cache, broker), the operations
tests' helpers that name their spare databases and roles after DATABASE_URL (tests/ops/pg.py),
and the servers and Celery workers the tests start, which inherit it.

Without xdist (`pytest` alone, or `-n 0`) it changes nothing.
"""

import os
from urllib.parse import urlsplit

# REDIS_URL's database N is the broker and N+1 the cache (coalition/settings.py); the
# production-stack tests use N+1 and N+2 (tests/ops/stack.py). A worker takes four.
REDIS_DATABASES_PER_WORKER = 4


def worker_number() -> int | None:
    """0 for xdist's worker gw0, 1 for gw1, ...; None outside a worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker.removeprefix("gw")) if worker.startswith("gw") else None


def database_url_of(url: str, worker: int) -> str:
    """The same server, the database named with the worker's suffix: .../coalition_ci_gw1."""
    parts = urlsplit(url)
    return parts._replace(path=f"{parts.path.rstrip('/')}_gw{worker}").geturl()


def redis_url_of(url: str, worker: int) -> str:
    """The same Redis server, the worker's own block of databases."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    database = base + worker * REDIS_DATABASES_PER_WORKER
    if database + REDIS_DATABASES_PER_WORKER > 16:  # Redis's default number of databases
        raise RuntimeError(
            f"REDIS_URL's database {base} leaves no room for worker gw{worker}: use a lower one"
        )
    return parts._replace(path=f"/{database}").geturl()


def _give_this_worker_its_own_services() -> None:
    worker = worker_number()
    if worker is None:
        return
    url = os.environ.get("DATABASE_URL", "")
    if url and not url.startswith("sqlite"):
        os.environ["DATABASE_URL"] = database_url_of(url, worker)
    if os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = redis_url_of(os.environ["REDIS_URL"], worker)


_give_this_worker_its_own_services()
