"""The reports dashboard and its exports on PostgreSQL with a large synthetic load.

    .venv/bin/python bench/reports.py [--cases 100000] [--runs 20] [--export-runs 5]

Uses its own database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/coalition_bench_reports; its name must contain "bench" because
demo accounts with a published password are created in it), creates it when missing, migrates,
adds the demo accounts, tops the cases up to --cases (cases.demo.create_cases, "at least N") and
adds referrals and service deliveries to them (the demo cases have none), all in a child
process. Tasks run in-process (REDIS_URL is ignored), so a CTDC dataset is built inside its
request.

Then, through django.test.Client: the dashboard for the coalition (secretariat-analyst) and for
one member (sahil-supervisor), counted afresh on every request and reusing figures counted in the
last minutes (REPORTS_CACHE_SECONDS), each export (CSV, XLSX, PDF; counted afresh) for both, the
CTDC dataset and one monthly report (six files), printing median and 95th-percentile server
time, queries, and peak memory.
"""

import argparse
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as day_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coalition_bench_reports"
USERS = {"coalition": "secretariat-analyst", "member": "sahil-supervisor"}
REFERRED_SHARE = 0.3  # of cases with at least one referral
SERVED_SHARE = 0.5  # of cases with at least one service delivery


def configure_environment() -> None:
    """What coalition/settings.py reads, set before Django is imported."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DEBUG"] = "1"  # seed_demo refuses to run without it
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["REDIS_URL"] = ""  # tasks in-process: a dataset is built inside its request
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
        made, wanted = (int(n) for n in message.split()[0].split("/"))
        if made % 10_000 == 0 or made == wanted:
            print(message.rstrip(), flush=True)


@contextmanager
def own_timestamps(*fields):
    """Let bulk_create keep the past dates we give instead of auto_now_add's "now"."""
    for model_field in fields:
        model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field in fields:
            model_field.auto_now_add = True


def add_activity(seed: int) -> tuple[int, int]:
    """Referrals and service deliveries for the cases that have none yet (synthetic)."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from cases.models import Case, ServiceDelivery
    from members.models import Organization, Service
    from referrals.models import Outcome, Referral, Status

    rng = random.Random(seed)
    members = list(Organization.objects.filter(kind=Organization.Kind.MEMBER).values_list("pk"))
    members = [pk for (pk,) in members]
    services = list(Service.objects.values_list("pk", flat=True))
    cases = Case.objects.with_scopes_disabled().filter(created_by__isnull=False)
    unreferred = list(
        cases.filter(referrals__isnull=True).values_list(
            "pk", "organization_id", "intake_date", "created_by_id"
        )
    )
    unserved = list(
        cases.filter(deliveries__isnull=True).values_list(
            "pk", "organization_id", "intake_date", "created_by_id"
        )
    )
    total = cases.count()
    to_refer = max(0, int(total * REFERRED_SHARE) - (total - len(unreferred)))
    to_serve = max(0, int(total * SERVED_SHARE) - (total - len(unserved)))
    tz = timezone.get_current_timezone()
    statuses = [Status.PENDING, Status.ACCEPTED, Status.COMPLETED, Status.DECLINED,
                Status.WITHDRAWN, Status.EXPIRED]  # fmt: skip
    referrals, deliveries = [], []
    for pk, organization, intake, user in rng.sample(unreferred, min(to_refer, len(unreferred))):
        sent = datetime.combine(intake, day_time(9), tz) + timedelta(hours=rng.randint(1, 240))
        status = rng.choices(statuses, weights=[10, 25, 35, 15, 5, 10])[0]
        answered = status in (Status.ACCEPTED, Status.COMPLETED, Status.DECLINED)
        referrals.append(
            Referral(
                case_id=pk,
                from_organization_id=organization,
                to_organization_id=rng.choice([m for m in members if m != organization]),
                service_id=rng.choice(services),
                reason="Synthetic referral.",
                consent_confirmed=True,
                status=status,
                created_at=sent,
                respond_by=sent + timedelta(hours=72),
                responded_at=sent + timedelta(hours=rng.expovariate(1 / 30)) if answered else None,
                outcome=rng.choice(Outcome.values) if status == Status.COMPLETED else "",
                created_by_id=user,
            )
        )
    for pk, organization, intake, user in rng.sample(unserved, min(to_serve, len(unserved))):
        for _ in range(rng.randint(1, 2)):
            deliveries.append(
                ServiceDelivery(
                    case_id=pk,
                    organization_id=organization if rng.random() < 0.8 else rng.choice(members),
                    service_id=rng.choice(services),
                    delivered_on=intake + timedelta(days=rng.randint(0, 90)),
                    delivered_by_id=user,
                )
            )
    with own_timestamps(Referral._meta.get_field("created_at")), transaction.atomic():
        Referral.objects.bulk_create(referrals, batch_size=2000)
        ServiceDelivery.objects.bulk_create(deliveries, batch_size=2000)
    return len(referrals), len(deliveries)


def load(cases: int, seed: int) -> None:
    """The child process: migrate, demo accounts, cases, referrals and services, then VACUUM."""
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
        referrals, deliveries = step("referrals and services", add_activity, seed)
    total = Case.objects.with_scopes_disabled().count()
    print(
        f"  cases added: {added:,}, cases in the database: {total:,}; "
        f"referrals added: {referrals:,}, service deliveries added: {deliveries:,}"
    )
    with connection.cursor() as cursor:
        step("VACUUM ANALYZE", cursor.execute, "VACUUM ANALYZE")


@dataclass
class Row:
    """One request for one scope: what the runs measured."""

    name: str
    scope: str
    url: str
    client: object
    method: str = "get"
    data: dict = field(default_factory=dict)
    cache_seconds: int = 0  # REPORTS_CACHE_SECONDS: 0 counts the figures on every request
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    size: int = 0

    def request(self):
        from django.test.utils import override_settings

        with override_settings(REPORTS_CACHE_SECONDS=self.cache_seconds):
            response = getattr(self.client, self.method)(self.url, self.data)
        if response.status_code not in (200, 302):
            sys.exit(f"{self.name} ({self.scope}): {self.url} answered {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        self.size = len(body)
        return response

    def measure(self) -> None:
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        reset_queries()
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            self.request()
            elapsed = time.perf_counter() - start
            count = len(context.captured_queries)
        self.times_ms.append(elapsed * 1000)
        self.queries.append(count)

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


def print_rows(title: str, rows: list[Row]) -> None:
    header = f"{'what':<22} {'scope':<10} {'runs':>4} {'median ms':>9} {'p95 ms':>8} {'queries':>7}"
    print(f"\n{title}\n{header}  size\n{'-' * (len(header) + 8)}")
    for r in rows:
        print(
            f"{r.name:<22} {r.scope:<10} {len(r.times_ms):>4} {r.median:>9.1f} {r.p95:>8.1f} "
            f"{r.query_count:>7}  {r.size / 1024:,.0f} KB"
        )


def benchmark(runs: int, export_runs: int, name: str) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from cases.models import Case
    from coalition.reports import services
    from coalition.reports.models import StoredReport
    from coalition.reports.scope import Period, ReportScope, cases_of
    from members.models import Staff
    from referrals.models import Referral

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    period = Period.default()
    total = Case.objects.with_scopes_disabled().count()
    in_period = cases_of(ReportScope(None), period).count()
    referrals = Referral.objects.with_scopes_disabled().count()
    print(
        f"\nPostgreSQL {server}, database {name}: {total:,} cases ({in_period:,} opened in the "
        f"dashboard's default period {period.start} to {period.end}), {referrals:,} referrals."
    )
    clients = {}
    for scope, username in USERS.items():
        clients[scope] = Client()
        clients[scope].force_login(Staff.objects.get(user__username=username).user)
    pages = [
        Row(name, scope, "/reports/", client, cache_seconds=seconds)
        for name, seconds in (("dashboard, counted", 0), ("dashboard, cached", 300))
        for scope, client in clients.items()
    ]
    exports = [
        Row(f"export {fmt}", scope, f"/reports/export/{fmt}/", client)
        for fmt in ("csv", "xlsx", "pdf")
        for scope, client in clients.items()
    ]
    ctdc = Row(
        "CTDC dataset (build)",
        "coalition",
        "/reports/ctdc/",
        clients["coalition"],
        method="post",
        data={"start": period.start.isoformat(), "end": period.end.isoformat()},
    )
    for row in [*pages, *exports]:
        row.request()  # warm-up
    load_before = os.getloadavg()[0]
    for _ in range(runs):
        for row in pages:
            row.measure()
    for _ in range(export_runs):
        for row in exports:
            row.measure()
    for _ in range(max(1, export_runs // 2)):
        ctdc.measure()
    load_after = os.getloadavg()[0]
    print_rows(
        "Dashboard and exports (server time of django.test.Client requests)", pages + exports
    )
    print_rows("CTDC de-identified dataset (k-anonymised in the request)", [ctdc])
    dataset = StoredReport.objects.filter(kind=StoredReport.Kind.CTDC).order_by("-pk").first()
    print(f"  last dataset: {dataset.summary}")

    month = Period.previous_month()
    StoredReport.objects.filter(kind=StoredReport.Kind.MONTHLY, period_start=month.start).delete()
    start = time.perf_counter()
    report = services.monthly_report(month)
    elapsed = time.perf_counter() - start
    report.refresh_from_db()
    print(
        f"\nMonthly report {month.start:%Y-%m} (figures once, then CSV, XLSX and PDF in English "
        f"and Urdu): {elapsed:.1f} s, status {report.status}, files {sorted(report.files)}"
    )
    print(
        f"\nPeak RSS: {peak_rss_mb(resource.RUSAGE_SELF):.0f} MB benchmark process, "
        f"{peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB loading process"
    )
    print(
        f"Load average {load_before:.2f} before the runs, {load_after:.2f} after "
        f"({os.cpu_count()} CPUs): more than the CPUs means other work slowed these figures."
    )
    print(f"Finished at {timezone.localtime():%Y-%m-%d %H:%M}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="at least this many cases")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per dashboard")
    parser.add_argument("--export-runs", type=int, default=5, help="timed runs per export")
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
    benchmark(args.runs, args.export_runs, name)


if __name__ == "__main__":
    main()
