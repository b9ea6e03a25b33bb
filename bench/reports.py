"""The reports dashboard and its exports on PostgreSQL with a large synthetic load.

    .venv/bin/python bench/reports.py [--cases 100000] [--runs 20] [--export-runs 5]

Uses its own database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/coalition_bench_reports; its name must contain "bench" because
demo accounts with a published password are created in it), creates it when missing, migrates,
adds the demo accounts, tops the cases up to --cases (cases.demo.create_cases, "at least N") and
adds referrals and service deliveries to them (the demo cases have none), all in a child
process. Tasks run in-process (REDIS_URL is ignored), so a CTDC dataset is built inside its
request.

Then it rebuilds the kept case counts (coalition/reports/summary.py) and prints how long that
took, and through django.test.Client: the dashboard for the coalition (secretariat-analyst) and
for one member (sahil-supervisor), counted afresh from the cases themselves (as before the kept
counts), counted afresh from the kept counts, and sent from the cache (REPORTS_CACHE_SECONDS);
each in-request export (CSV, XLSX: a PDF is made only by a job); the jobs, run in-process: a
quarter's report files (CSV, XLSX and PDF in both languages, what the dashboard's PDF button
asks for) and the CTDC dataset of the last year that has ended; and one monthly report. It
prints median and 95th-percentile server time, queries, the mean CPU per request of the
benchmark's thread and of its PostgreSQL backend (read from /proc), and peak memory.
"""

import contextlib
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as day_time

import common

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coalition_bench_reports"
USERS = {"coalition": "secretariat-analyst", "member": "sahil-supervisor"}
REFERRED_SHARE = 0.3  # of cases with at least one referral
SERVED_SHARE = 0.5  # of cases with at least one service delivery


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


def activity(seed: int) -> str:
    """The loading step after the cases: add_activity, and what it added for the summary line."""
    referrals, deliveries = add_activity(seed)
    return f"; referrals added: {referrals:,}, service deliveries added: {deliveries:,}"


@dataclass
class Row(common.Timed):
    """One request for one scope: what the runs measured."""

    name: str
    scope: str
    url: str
    client: object
    method: str = "get"
    data: dict = field(default_factory=dict)
    cache_seconds: int = 0  # REPORTS_CACHE_SECONDS: 0 counts the figures on every request
    from_cases: bool = False  # count from the cases, not the kept case counts (summary.py)
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    cpu_app_ms: list[float] = field(default_factory=list)
    cpu_pg_ms: list[float] = field(default_factory=list)
    size: int = 0

    def request(self):
        from unittest import mock

        from django.test.utils import override_settings

        from coalition.reports import summary

        kept = (
            mock.patch.object(summary, "built_at", return_value=None)
            if self.from_cases
            else (contextlib.nullcontext())
        )
        with override_settings(REPORTS_CACHE_SECONDS=self.cache_seconds), kept:
            response = getattr(self.client, self.method)(self.url, self.data)
        if response.status_code not in (200, 302):
            sys.exit(f"{self.name} ({self.scope}): {self.url} answered {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        self.size = len(body)
        return response

    def measure(self) -> None:
        pg_before, app_before = database_cpu_ms(), time.thread_time()
        self.timed(self.request)
        self.cpu_app_ms.append((time.thread_time() - app_before) * 1000)
        self.cpu_pg_ms.append(database_cpu_ms() - pg_before)

    @property
    def cpu(self) -> str:
        """Mean CPU per request of this thread and of its PostgreSQL backend (10 ms ticks: the
        mean over many requests is right, one request reads 0 or 10)."""
        if not self.cpu_app_ms:
            return ""
        app = sum(self.cpu_app_ms) / len(self.cpu_app_ms)
        pg = sum(self.cpu_pg_ms) / len(self.cpu_pg_ms)
        return f"{app:.1f} + {pg:.1f}"


def database_cpu_ms() -> float:
    """CPU time used so far by this connection's PostgreSQL backend, from /proc (0 when that
    cannot be read: another user's process, or a server on another machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime + stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def print_rows(title: str, rows: list[Row]) -> None:
    header = (
        f"{'what':<22} {'scope':<10} {'runs':>4} {'median ms':>9} {'p95 ms':>8} {'queries':>7} "
        f"{'CPU app + PG ms':>15}"
    )
    print(f"\n{title}\n{header}  size\n{'-' * (len(header) + 8)}")
    for r in rows:
        print(
            f"{r.name:<22} {r.scope:<10} {len(r.times_ms):>4} {r.median:>9.1f} {r.p95:>8.1f} "
            f"{r.query_count:>7} {r.cpu:>15}  {r.size / 1024:,.0f} KB"
        )


def benchmark(runs: int, export_runs: int, name: str) -> None:
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from cases.models import Case
    from coalition.reports import services, summary
    from coalition.reports.models import StoredReport
    from coalition.reports.scope import Period, ReportScope, cases_of
    from members.models import Staff
    from referrals.models import Referral

    server = common.server_version()
    period = Period.default()
    total = Case.objects.with_scopes_disabled().count()
    in_period = cases_of(ReportScope(None), period).count()
    referrals = Referral.objects.with_scopes_disabled().count()
    print(
        f"\nPostgreSQL {server}, database {name}: {total:,} cases ({in_period:,} opened in the "
        f"dashboard's default period {period.start} to {period.end}), {referrals:,} referrals."
    )
    start = time.perf_counter()
    rows = summary.rebuild()
    print(
        f"Case counts rebuilt (summary.py, the recount job's first step): {rows:,} rows in "
        f"{time.perf_counter() - start:.1f} s."
    )
    clients = {}
    for scope, username in USERS.items():
        clients[scope] = Client()
        clients[scope].force_login(Staff.objects.get(user__username=username).user)
    pages = [
        Row(name, scope, "/reports/", client, cache_seconds=seconds, from_cases=from_cases)
        for name, seconds, from_cases in (
            ("dashboard, from cases", 0, True),
            ("dashboard, counted", 0, False),
            ("dashboard, cached", 300, False),
        )
        for scope, client in clients.items()
    ]
    exports = [
        Row(f"export {fmt}", scope, f"/reports/export/{fmt}/", client)
        for fmt in ("csv", "xlsx")  # a PDF is made only by the job below
        for scope, client in clients.items()
    ]
    quarter = {"year": str(period.start.year), "part": "q1"}
    jobs = [
        Row("report files (job)", scope, "/reports/request/", client, method="post", data=quarter)
        for scope, client in clients.items()
    ]
    ctdc = Row(
        "CTDC dataset (job)",
        "coalition",
        "/reports/ctdc/",
        clients["coalition"],
        method="post",
        data={"year": str(Period.ended_years()[-1])},
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
        for row in [*jobs, ctdc]:
            row.measure()
    load_after = os.getloadavg()[0]
    print_rows(
        "Dashboard and exports (server time of django.test.Client requests; CPU: mean per "
        "request of this thread and of its PostgreSQL backend)",
        pages + exports,
    )
    print_rows(
        "Jobs, run in-process (tasks without a broker): a quarter's report files (CSV, XLSX, "
        "PDF in English and Urdu) and the CTDC dataset of the last ended year",
        [*jobs, ctdc],
    )
    dataset = StoredReport.objects.filter(kind=StoredReport.Kind.CTDC).order_by("-pk").first()
    print(f"  last dataset: status {dataset.status}, {dataset.summary}")

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
    common.print_resources(load_before, load_after)
    print(f"Finished at {timezone.localtime():%Y-%m-%d %H:%M}.")


def main() -> None:
    def add_arguments(parser) -> None:
        parser.add_argument("--export-runs", type=int, default=5, help="timed runs per export")

    args = common.parse_arguments(
        __doc__, runs=20, runs_help="timed requests per dashboard", add_arguments=add_arguments
    )
    common.run(
        args,
        __file__,
        default_database_url=DEFAULT_DATABASE_URL,
        load=lambda cases, seed: common.load(
            cases, seed, more=("referrals and services", activity)
        ),
        benchmark=lambda name: benchmark(args.runs, args.export_runs, name),
        forced_environment={"REDIS_URL": ""},  # tasks in-process: a dataset is built in its request
    )


if __name__ == "__main__":
    main()
