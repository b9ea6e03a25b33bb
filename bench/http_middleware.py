"""The HTTP benchmark's middleware: what each request cost, in response headers.

- X-Queries: SQL statements run (django.db.connection.execute_wrapper);
- X-App-CPU-us: CPU time of the thread that served the request (CLOCK_THREAD_CPUTIME_ID, the
  figure /proc/self/task/<tid>/stat rounds to ticks), in microseconds;
- X-DB-CPU-us: CPU time of the request's PostgreSQL backend (utime + stime from
  /proc/<backend pid>/stat, in ticks), before and after. Each thread has its own connection and
  so its own backend, so the figure is this request's alone, whatever else the machine runs.
  Ticks are 10 ms: one request reads 0 or 10 ms, the sum over many requests is exact.
Installed only by bench/http_settings.py.
"""

import os
import time

from django.db import connection

TICK_US = 1_000_000 / os.sysconf("SC_CLK_TCK")


def backend_cpu_us(pid: int | None) -> float:
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:  # not on this machine, or not readable: no figure rather than a wrong one
        return 0.0
    return (int(fields[11]) + int(fields[12])) * TICK_US  # utime, stime (fields 14 and 15)


def backend_pid() -> int | None:
    raw = connection.connection  # the open psycopg connection, or None: never a query
    return raw.info.backend_pid if raw is not None and not raw.closed else None


class MeasureMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        pid_before = backend_pid()
        db_before = backend_cpu_us(pid_before)
        app_before = time.thread_time_ns()
        with connection.execute_wrapper(counting):
            response = self.get_response(request)
        app_us = (time.thread_time_ns() - app_before) / 1000
        pid_after = backend_pid()
        # A connection opened during the request: its backend's whole life is this request's.
        db_us = backend_cpu_us(pid_after) - (db_before if pid_after == pid_before else 0)
        response["X-Queries"] = str(count)
        response["X-App-CPU-us"] = f"{app_us:.0f}"
        response["X-DB-CPU-us"] = f"{db_us:.0f}"
        return response
