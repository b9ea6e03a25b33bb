"""What the benchmark scripts share: setup, loading in a child process, timing and printing.

The scripts run as `.venv/bin/python bench/<script>.py`, which puts bench/ on sys.path, so they
import this module as `common`. Each script keeps its own default database, its own pages and its
own table; this module knows nothing of them.
"""

import argparse
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_FIELD_KEY = "YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMtISE="  # 32 bytes, published: bench only


def configure_environment(default_database_url: str, forced: dict[str, str] | None = None) -> None:
    """What coalition/settings.py reads, set before Django is imported.

    `forced` are variables the script sets whatever the environment says (e.g. REDIS_URL="").
    """
    os.environ.setdefault("DATABASE_URL", default_database_url)
    os.environ["DEBUG"] = "1"  # seed_demo refuses to run without it
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    # The loading child runs with DEBUG off (below) and the HTTP server always does: both need
    # the same keys, as production has them, or the server could not read what was loaded.
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", BENCH_FIELD_KEY)
    os.environ.setdefault("IDENTIFIER_HASH_KEY", "bench-only-identifier-hash-key")
    os.environ.update(forced or {})
    hosts = {h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()}
    os.environ["ALLOWED_HOSTS"] = ",".join(sorted(hosts | {"testserver", "localhost"}))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coalition.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def ensure_database(url: str) -> str:
    """Create the benchmark database when it does not exist; returns its name."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    if "postgresql" not in config["ENGINE"]:
        sys.exit(f"DATABASE_URL must point at PostgreSQL, not {config['ENGINE']}.")
    if "bench" not in name:
        sys.exit(f"Refusing database {name!r}: its name must contain 'bench' (demo accounts).")
    connect = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **connect) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")
    return name


class Progress:
    """Where create_cases writes its progress: one line every 10,000 cases."""

    def write(self, message: str) -> None:
        counts = re.search(r"(\d+)/(\d+)", message)
        if counts is None or int(counts[1]) % 10_000 == 0 or counts[1] == counts[2]:
            print(message.rstrip(), flush=True)


def step(label: str, function: Callable, *args, **kwargs):
    """Call `function` and print how long it took."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"  {label}: {time.perf_counter() - start:.1f} s", flush=True)
    return result


def load(cases: int, seed: int, more: tuple[str, Callable[[int], str]] | None = None) -> None:
    """The child process: migrate, demo accounts, cases up to `cases`, then VACUUM ANALYZE.

    `more`, when given, is a further step (label, function of the seed) run after the cases; the
    text it returns is added to the line that counts the cases.
    """
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from cases.demo import create_cases
    from cases.models import Case

    step("migrate", call_command, "migrate", interactive=False, verbosity=0)
    step("seed_demo (accounts, services)", call_command, "seed_demo", verbosity=0)
    # DEBUG (which seed_demo needs) would keep the SQL of every bulk INSERT in memory.
    with override_settings(DEBUG=False):
        added = step("create_cases", create_cases, count=cases, seed=seed, stdout=Progress())
        also = step(more[0], more[1], seed) if more else ""
    total = Case.objects.with_scopes_disabled().count()
    print(f"  cases added: {added:,}, cases in the database: {total:,}{also}")
    with connection.cursor() as cursor:
        # VACUUM as well: sets the visibility map, as autovacuum would on a settled table.
        step("VACUUM ANALYZE", cursor.execute, "VACUUM ANALYZE")


def parse_arguments(
    doc: str,
    *,
    runs: int,
    runs_help: str,
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.Namespace:
    """--cases, --runs, the script's own options (`add_arguments`), --seed and --load-only."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="at least this many cases")
    parser.add_argument("--runs", type=int, default=runs, help=runs_help)
    if add_arguments is not None:
        add_arguments(parser)
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the cases")
    parser.add_argument("--load-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def run(
    args: argparse.Namespace,
    script: str,
    *,
    default_database_url: str,
    load: Callable[[int, int], None],
    benchmark: Callable[[str], None],
    forced_environment: dict[str, str] | None = None,
) -> None:
    """Load the database in a child process (`script --load-only`), then benchmark(its name).

    In that child process (--load-only) only load(cases, seed) runs.
    """
    configure_environment(default_database_url, forced_environment)
    if args.load_only:
        load(args.cases, args.seed)
        return
    name = ensure_database(os.environ["DATABASE_URL"])
    print(f"Loading up to {args.cases:,} cases into {name}:", flush=True)
    start = time.perf_counter()
    command = [sys.executable, script, "--load-only"]
    command += ["--cases", str(args.cases), "--seed", str(args.seed)]
    subprocess.run(command, check=True)  # noqa: S603 - the script, with our own arguments
    print(f"Loading took {time.perf_counter() - start:.1f} s")
    benchmark(name)


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


class Timed:
    """For a dataclass with `times_ms: list[float]` and `queries: list[int]`: the runs' figures."""

    times_ms: list[float]
    queries: list[int]

    def timed(self, request: Callable[[], object]) -> tuple[object, list[dict]]:
        """One timed request with a fresh query log; returns its response and its queries."""
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        reset_queries()  # the log keeps at most 9,000 queries; start each request from zero
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = request()
            elapsed = time.perf_counter() - start
            # Read inside the block: a later request outside it clears the query log.
            captured = list(context.captured_queries)
        self.times_ms.append(elapsed * 1000)
        self.queries.append(len(captured))
        return response, captured

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    @property
    def query_count(self) -> str:
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}-{high}"


def peak_rss_mb(who: int) -> float:
    peak = resource.getrusage(who).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def print_resources(load_before: float, load_after: float) -> None:
    """Peak memory of this process and of the loading one, and the load average around the runs."""
    print(
        f"\nPeak RSS: {peak_rss_mb(resource.RUSAGE_SELF):.0f} MB benchmark process, "
        f"{peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB loading process"
    )
    print(
        f"Load average {load_before:.2f} before the runs, {load_after:.2f} after "
        f"({os.cpu_count()} CPUs): more than the CPUs means other work slowed these figures."
    )
