"""Sealing and verifying the access log's daily hash chain at a realistic size.

    .venv/bin/python bench/access_log_chain.py [--entries 300000] [--days 30]

Uses its own database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/coalition_bench_chain; its name must contain "bench"),
creates it when missing and migrates it. Tops the access log up to --entries synthetic entries
spread evenly over the --days days before today (bulk inserted with their own timestamps), then
times sealing every due day from nothing (the catch-up the nightly job does after an outage)
and `verify_access_log`'s recomputation of the whole chain, and prints entries per second and
peak memory. The seals are dropped at the start of each run (as the database owner), so a
second run times the same work.
"""

import argparse
import resource
import time
from datetime import timedelta

import common

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coalition_bench_chain"


def top_up(entries: int, days: int) -> int:
    from django.db import connection
    from django.utils import timezone

    from coalition.models import AccessLog

    missing = entries - AccessLog.objects.count()
    if missing <= 0:
        return 0
    end = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    start = end - timedelta(days=days)
    step = (end - start) / missing
    at_field = AccessLog._meta.get_field("at")
    at_field.auto_now_add = False  # keep the synthetic timestamps
    try:
        batch = []
        for n in range(missing):
            batch.append(
                AccessLog(
                    at=start + step * n,
                    action="view",
                    verb="case.viewed.case",
                    target_type="cases.case",
                    target_id=n % 5000,
                    target_label=f"BENCH-{n % 5000:06d}",
                    case_id=n % 5000,
                    ip_address="10.0.0.1",
                    details={"sections": ["survivor", "needs"], "n": n},
                )
            )
            if len(batch) == 5000:
                AccessLog.objects.bulk_create(batch)
                batch = []
        AccessLog.objects.bulk_create(batch)
    finally:
        at_field.auto_now_add = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE coalition_accesslog")
    return missing


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=300_000)
    parser.add_argument("--days", type=int, default=30)
    options = parser.parse_args()
    common.configure_environment(DEFAULT_DATABASE_URL, {"REDIS_URL": ""})
    import os

    common.ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from coalition.access_log_chain import seal_due_days, verify_chain
    from coalition.models import AccessLog

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    added = top_up(options.entries, options.days)
    print(f"added {added} entries in {time.perf_counter() - began:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE coalition_accesslogseal")
    total = AccessLog.objects.count()

    began = time.perf_counter()
    seals = seal_due_days()
    sealing = time.perf_counter() - began
    sealed = sum(seal.entries for seal in seals)
    print(
        f"sealed {len(seals)} days, {sealed} entries, in {sealing:.1f} s "
        f"({sealed / sealing:,.0f} entries/s)"
    )

    began = time.perf_counter()
    result = verify_chain()
    verifying = time.perf_counter() - began
    print(
        f"verified {result.days} days, {result.entries} entries (of {total}), in "
        f"{verifying:.1f} s ({result.entries / verifying:,.0f} entries/s); ok={result.ok}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
