"""Importing 10,000 past cases from an XLSX file: the time of the preview (every row through the
case services, rolled back) and of the import itself (the same, kept in one transaction), and the
peak memory of the process. Target: the import under 30 s, the process under 300 MB.

    .venv/bin/python bench/imports.py                 # 10,000 rows
    .venv/bin/python bench/imports.py --rows 2000

DATABASE_URL must point at an existing PostgreSQL database used for nothing else (default
postgres://postgres@127.0.0.1:5432/coalition_bench): it is migrated, and each run adds its rows as
new cases of Sahil. It makes one supervisor account, with no usable password.
"""

import argparse
import io
import os
import resource
import time
import uuid
from collections import Counter

import common

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coalition_bench"


def workbook(rows: int, run: str) -> bytes:
    from openpyxl import Workbook

    from cases.imports import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("cases")
    sheet.append([column.header for column in COLUMNS])
    channels = ["helpline", "walk_in", "police", "outreach"]
    for i in range(rows):
        values = {
            "external_reference": f"{run}-{i:05d}",
            "intake_date": f"{1 + i % 28:02d}/{1 + i % 12:02d}/20{15 + i % 10}",
            "intake_channel": channels[i % 4],
            "full_name": f"Synthetic Person {i}",
            "sex": "female" if i % 3 else "male",
            "estimated_age": str(10 + i % 50),
            "cnic": f"9{i:04d}-{run_digits(run)}{i % 10}",
            "phone": f"0300{i:07d}",
            "origin_province": "punjab",
            "origin_district": "Kasur",
            "risk_level": "high" if i % 5 == 0 else "medium",
            "summary": "Synthetic row for the import benchmark.",
            "consent_record": "yes",
            "consent_share_coalition": "no",
        }
        sheet.append([values.get(column.attribute, "") for column in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_digits(run: str) -> str:
    return str(int(run, 16) % 10_000_000).zfill(7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true", help="print where the import spends time")
    args = parser.parse_args()
    common.configure_environment(DEFAULT_DATABASE_URL, forced={"REDIS_URL": ""})
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at PostgreSQL.")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from coalition.imports import runner
    from coalition.models import ImportJob
    from members.models import Organization, Staff
    from members.provisioning import provision_staff
    from members.roles import Role

    call_command("migrate", verbosity=0)
    settings.IMPORT_ROOT = common.ROOT / "bench" / ".imports"
    settings.DUPLICATE_CHECKS_PER_HOUR = 10**6
    organization = Organization.objects.get(short_name="Sahil")
    staff = Staff.objects.filter(user__username="bench-import-supervisor").first()
    if staff is None:
        staff = provision_staff(
            organization=organization,
            username="bench-import-supervisor",
            role=Role.SUPERVISOR,
            password=None,
            email="bench-import@example.invalid",
        )
    run = uuid.uuid4().hex[:6]
    start = time.perf_counter()
    data = workbook(args.rows, run)
    print(
        f"{args.rows:,} rows, {len(data) / 1024 / 1024:.1f} MB XLSX made in "
        f"{time.perf_counter() - start:.1f} s"
    )
    settings.IMPORT_MAX_BYTES = max(settings.IMPORT_MAX_BYTES, len(data) + 1)

    start = time.perf_counter()
    job = runner.start_import(
        kind="cases", by=staff.user, organization=organization, file_name="bench.xlsx", data=data
    )  # the check runs in-process as the upload commits (no broker)
    job.refresh_from_db()
    preview = time.perf_counter() - start
    assert job.status == ImportJob.Status.PREVIEWED, job.errors[:3]
    print(f"  preview (dry run, rolled back): {preview:.1f} s  counts {job.counts}")

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    capture = CaptureQueriesContext(connection)
    if args.profile:
        capture.__enter__()
    start = time.perf_counter()
    runner.confirm_import(job=job, by=staff.user)
    job.refresh_from_db()
    applied = time.perf_counter() - start
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
        capture.__exit__(None, None, None)
        shapes = Counter(q["sql"][:90] for q in capture.captured_queries)
        print(f"{len(capture.captured_queries)} queries; the most frequent:")
        for sql, count in shapes.most_common(25):
            print(f"  {count:>6}  {sql}")
    assert job.status == ImportJob.Status.DONE, job.errors[:3]
    print(f"  import (one transaction):       {applied:.1f} s  counts {job.counts}")
    peak = common.peak_rss_mb(resource.RUSAGE_SELF)
    print(f"Peak RSS of the process: {peak:.0f} MB")
    print(
        f"Load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs): more than the CPUs "
        "means other work slowed these figures."
    )
    verdict = "met" if applied < 30 and peak < 300 else "NOT met"
    print(f"Target (import under 30 s, under 300 MB): {verdict}")


if __name__ == "__main__":
    main()
