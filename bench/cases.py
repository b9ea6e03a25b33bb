"""The case list, search and case page on PostgreSQL with a large synthetic load.

    .venv/bin/python bench/cases.py [--cases 100000] [--runs 30]

Uses its own database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/coalition_bench;
its name must contain "bench" because demo accounts with a published password are created in it),
creates it when missing, migrates, adds the demo accounts and tops the cases up to --cases. The
loading runs in a child process, so the peak memory printed for the benchmark is that of a
process serving the pages, not of the bulk inserts.

Each page is requested once to warm up, then --runs times (all rows in turn) through
django.test.Client for a caseworker and a supervisor: server time (wall time of client.get, no
network, no browser), queries per request and the SQL time Django measured. Then EXPLAIN ANALYZE
of the name search's SELECTs, with the plan of the slowest.
"""

import argparse
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coalition_bench"
ROLES = {"caseworker": "sahil-caseworker", "supervisor": "sahil-supervisor"}
NAME_FRAGMENT = "ayesha"
DEEP_PAGE = 200
TRIGRAM_INDEXES = ("cases_case_search_name_trgm", "cases_case_number_trgm")


def configure_environment() -> None:
    """What coalition/settings.py reads, set before Django is imported."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DEBUG"] = "1"  # seed_demo refuses to run without it
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
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


def load(cases: int, seed: int) -> None:
    """The child process: migrate, demo accounts, cases up to `cases`, then VACUUM ANALYZE."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from cases.demo import create_cases
    from cases.models import Case

    def step(label, function, *args, **kwargs):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        print(f"  {label}: {time.perf_counter() - start:.1f} s", flush=True)
        return result

    step("migrate", call_command, "migrate", interactive=False, verbosity=0)
    step("seed_demo (accounts, services)", call_command, "seed_demo", verbosity=0)
    # DEBUG (which seed_demo needs) would keep the SQL of every bulk INSERT in memory.
    with override_settings(DEBUG=False):
        added = step("create_cases", create_cases, count=cases, seed=seed, stdout=Progress())
    total = Case.objects.with_scopes_disabled().count()
    print(f"  cases added: {added:,}, cases in the database: {total:,}")
    with connection.cursor() as cursor:
        # VACUUM as well: sets the visibility map, as autovacuum would on a settled table.
        step("VACUUM ANALYZE", cursor.execute, "VACUUM ANALYZE")


@dataclass
class Row:
    """One page for one role: its URL, the signed-in client, and what the runs measured."""

    page: str
    role: str
    url: str
    client: object
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)  # Django's time around each query, summed
    captured: list[dict] = field(default_factory=list)  # the last run's queries
    shows: str = ""

    def get(self):
        response = self.client.get(self.url)
        if response.status_code != 200:
            sys.exit(f"{self.page} ({self.role}): {self.url} answered {response.status_code}")
        return response

    def measure(self) -> None:
        """One timed request, with its queries."""
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        reset_queries()  # the log keeps at most 9,000 queries; start each request from zero
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = self.get()
            elapsed = time.perf_counter() - start
            # Read inside the block: a later request outside it clears the query log.
            self.captured = list(context.captured_queries)
        self.times_ms.append(elapsed * 1000)
        self.queries.append(len(self.captured))
        self.sql_ms.append(sum(float(q["time"]) for q in self.captured) * 1000)
        self.shows = describe(response.content.decode()) or self.shows

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


def describe(html: str) -> str:
    """What a list response shows: how many cases, which page."""
    found = re.search(r'aria-live="polite">\s*([\d,]+ cases?)', html)
    parts = [found.group(1)] if found else []
    page = re.search(r"Page (\d+) of (\d+)", html)
    if page:
        parts.append(f"page {page.group(1)} of {page.group(2)}")
    return ", ".join(parts)


def short_sql(sql: str) -> str:
    """One line, with a long column list elided."""
    flat = " ".join(sql.split())
    columns = re.match(r"SELECT (.*?) FROM ", flat)
    if columns and len(columns.group(1)) > 60:
        return flat[: columns.start(1)] + "…" + flat[columns.end(1) :]
    return flat


def peak_rss_mb(who: int) -> float:
    peak = resource.getrusage(who).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def explain(sql: str, *, analyze_only: bool) -> dict | str:
    from django.db import connection

    with connection.cursor() as cursor:
        if analyze_only:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            return (json.loads(plan) if isinstance(plan, str) else plan)[0]
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def trigram_indexes_in(plan: str) -> list[str]:
    return [name for name in TRIGRAM_INDEXES if name in plan]


def explain_search(row: Row) -> None:
    """Execution time of each SELECT of one search request, and the slowest one's plan."""
    selects = [q["sql"] for q in row.captured if q["sql"].lstrip().upper().startswith("SELECT")]
    timed = []
    for sql in selects:
        explain(sql, analyze_only=True)  # once to warm the cache, as the runs did
        plan = explain(sql, analyze_only=True)
        used = trigram_indexes_in(json.dumps(plan))
        timed.append((plan["Execution Time"], plan["Planning Time"], used, sql))
    timed.sort(key=lambda item: item[0], reverse=True)
    print(f"\nEXPLAIN ANALYZE, {row.page} ({row.role}): {len(selects)} SELECTs, slowest:")
    for execution, planning, used, sql in timed[:3]:
        mark = "trgm" if used else "    "
        shown = short_sql(sql)[:64]
        print(f"  {execution:8.2f} ms run {planning:5.2f} ms plan {mark}  {shown}…")
    execution, _, _, slowest = timed[0]
    text = explain(slowest, analyze_only=False)
    used = trigram_indexes_in(text)
    print(f"Slowest SQL ({execution:.2f} ms):\n  {short_sql(slowest)}")
    print(f"Trigram GIN index used: {', '.join(used) if used else 'NO'}")
    print("Plan:")
    print("\n".join(f"  {line}" for line in text.splitlines()))


def benchmark(runs: int, name: str) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from cases.models import Case
    from members.models import Staff

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    total = Case.objects.with_scopes_disabled().count()
    users = {
        role: Staff.objects.select_related("user").get(user__username=username).user
        for role, username in ROLES.items()
    }
    # One case both roles see (assigned to the caseworker), with a CNIC, a phone and a FIR.
    # With consent recorded: templates/cases/detail.html fails on an empty "Recorded by".
    sample = (
        Case.objects.visible_to(users["caseworker"])
        .exclude(cnic="")
        .exclude(phone="")
        .filter(proceedings__isnull=False, consent_recorded_by__isnull=False)
        .order_by("-intake_date", "-id")
        .first()
    )
    if sample is None:
        sys.exit("No case with a CNIC, a phone and a proceeding: load more cases.")
    pages = {
        "list": "/cases/",
        f"search {NAME_FRAGMENT!r}": "/cases/?" + urlencode({"q": NAME_FRAGMENT}),
        "search CNIC": "/cases/?" + urlencode({"q": sample.cnic}),
        "search phone": "/cases/?" + urlencode({"q": "0" + sample.phone.removeprefix("+92")}),
        "active, by risk": "/cases/?status=active&sort=risk",
        f"page {DEEP_PAGE}": f"/cases/?page={DEEP_PAGE}",
        "case page": f"/cases/{sample.pk}/",
    }
    print(
        f"\nPostgreSQL {server}, database {name}: {total:,} cases; "
        f"{runs} runs per row after one warm-up; sample case {sample.number}."
    )
    rows = []
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        visible = Case.objects.visible_to(user).count()
        print(f"  {role} {user.username} sees {visible:,} cases")
        rows += [
            Row(page, role, url, client, shows=f"case {sample.number}")
            for page, url in pages.items()
        ]
    for row in rows:
        row.get()  # warm-up
    # Round-robin, so a burst of load on the machine spreads over every row.
    load_before = os.getloadavg()[0]
    for _ in range(runs):
        for row in rows:
            row.measure()
    load_after = os.getloadavg()[0]

    header = (
        f"{'page':<18} {'role':<11} {'median ms':>9} {'p95 ms':>8} {'queries':>7} "
        f"{'SQL ms':>7}  shows"
    )
    print(f"\n{header}\n{'-' * len(header)}")
    for r in sorted(rows, key=lambda r: list(pages).index(r.page)):
        print(
            f"{r.page:<18} {r.role:<11} {r.median:>9.1f} {r.p95:>8.1f} {r.query_count:>7} "
            f"{statistics.median(r.sql_ms):>7.1f}  {r.shows}"
        )
    print(
        f"\nPeak RSS: {peak_rss_mb(resource.RUSAGE_SELF):.0f} MB benchmark process, "
        f"{peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB loading process"
    )
    print(
        f"Load average {load_before:.2f} before the runs, {load_after:.2f} after "
        f"({os.cpu_count()} CPUs): more than the CPUs means other work slowed these figures."
    )
    for r in rows:
        if r.page.startswith("search '"):
            explain_search(r)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="at least this many cases")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page and role")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the cases")
    parser.add_argument("--load-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    configure_environment()
    if args.load_only:
        load(args.cases, args.seed)
        return
    name = ensure_database(os.environ["DATABASE_URL"])
    print(f"Loading up to {args.cases:,} cases into {name}:", flush=True)
    start = time.perf_counter()
    command = [sys.executable, __file__, "--load-only"]
    command += ["--cases", str(args.cases), "--seed", str(args.seed)]
    subprocess.run(command, check=True)  # noqa: S603 - this script, with our own arguments
    print(f"Loading took {time.perf_counter() - start:.1f} s")
    benchmark(args.runs, name)


if __name__ == "__main__":
    main()
