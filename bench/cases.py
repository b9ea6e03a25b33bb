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

import json
import os
import re
import statistics
import sys
from dataclasses import dataclass, field
from urllib.parse import urlencode

import common

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coalition_bench"
ROLES = {"caseworker": "sahil-caseworker", "supervisor": "sahil-supervisor"}
NAME_FRAGMENT = "ayesha"
DEEP_PAGE = 200
# The indexes a search should use: the name words (GIN over the hashes) and the case number.
SEARCH_INDEXES = ("cases_case_name_words", "cases_case_number_trgm")


@dataclass
class Row(common.Timed):
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
        response, captured = self.timed(self.get)
        self.captured = captured  # the last run's, for explain_search
        self.sql_ms.append(sum(float(q["time"]) for q in captured) * 1000)
        self.shows = describe(response.content.decode()) or self.shows


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


def explain(sql: str, *, analyze_only: bool) -> dict | str:
    from django.db import connection

    with connection.cursor() as cursor:
        if analyze_only:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            return (json.loads(plan) if isinstance(plan, str) else plan)[0]
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def search_indexes_in(plan: str) -> list[str]:
    return [name for name in SEARCH_INDEXES if name in plan]


def explain_search(row: Row) -> None:
    """Execution time of each SELECT of one search request, and the slowest one's plan."""
    selects = [q["sql"] for q in row.captured if q["sql"].lstrip().upper().startswith("SELECT")]
    timed = []
    for sql in selects:
        explain(sql, analyze_only=True)  # once to warm the cache, as the runs did
        plan = explain(sql, analyze_only=True)
        used = search_indexes_in(json.dumps(plan))
        timed.append((plan["Execution Time"], plan["Planning Time"], used, sql))
    timed.sort(key=lambda item: item[0], reverse=True)
    print(f"\nEXPLAIN ANALYZE, {row.page} ({row.role}): {len(selects)} SELECTs, slowest:")
    for execution, planning, used, sql in timed[:3]:
        mark = "gin " if used else "    "
        shown = short_sql(sql)[:64]
        print(f"  {execution:8.2f} ms run {planning:5.2f} ms plan {mark}  {shown}…")
    execution, _, _, slowest = timed[0]
    text = explain(slowest, analyze_only=False)
    used = search_indexes_in(text)
    print(f"Slowest SQL ({execution:.2f} ms):\n  {short_sql(slowest)}")
    print(f"Search index used: {', '.join(used) if used else 'NO'}")
    print("Plan:")
    print("\n".join(f"  {line}" for line in text.splitlines()))


def benchmark(runs: int, name: str) -> None:
    import django

    django.setup()
    from django.test import Client

    from cases.models import Case
    from members.models import Staff

    server = common.server_version()
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
    common.print_resources(load_before, load_after)
    for r in rows:
        if r.page.startswith("search '"):
            explain_search(r)


def main() -> None:
    args = common.parse_arguments(__doc__, runs=30, runs_help="timed requests per page and role")
    common.run(
        args,
        __file__,
        default_database_url=DEFAULT_DATABASE_URL,
        load=common.load,
        benchmark=lambda name: benchmark(args.runs, name),
    )


if __name__ == "__main__":
    main()
