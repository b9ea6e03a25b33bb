"""A real Celery worker killed in the middle of building a report: the report ends ready, once."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date

import psycopg
import pytest
from django.db import connection

from coalition.celery import app
from coalition.models import AccessLog
from coalition.reports import services
from coalition.reports.models import StoredReport
from coalition.reports.tasks import build_stored_report

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker shares PostgreSQL"),
]

Status = StoredReport.Status


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.02)
    raise AssertionError(f"Timed out waiting for {what}")


def status_of(report_id: int) -> str:
    return StoredReport.objects.values_list("status", flat=True).get(pk=report_id)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_report_leaves_a_report_that_is_rebuilt_and_ends_ready_once(
    analyst, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    report = StoredReport.objects.create(
        kind=StoredReport.Kind.ON_REQUEST,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        requested_by=analyst.user,
    )
    queue = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "PRIVATE_MEDIA_ROOT": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "coalition", "worker", "-Q", queue,
         "--pool=solo", "--without-heartbeat", "--without-gossip", "--without-mingle",
         "-l", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    blocker = psycopg.connect(database_url())
    app.conf.task_always_eager = False
    try:
        build_stored_report.apply_async(args=[report.pk], queue=queue)
        wait_for(lambda: status_of(report.pk) == Status.RUNNING, 90, "the worker to start")
        # Hold the report's row: the worker's next progress update waits on it, mid-build.
        blocker.execute("SELECT id FROM reports_storedreport WHERE id = %s FOR UPDATE", [report.pk])
        wait_for(
            lambda: blocker.execute(
                "SELECT 1 FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone(),
            60,
            "the worker to wait on the report",
        )
        worker.send_signal(signal.SIGKILL)  # the worker's main process dies, no goodbye
        worker.wait(timeout=30)
    finally:
        app.conf.task_always_eager = True
        blocker.rollback()
        blocker.close()
        if worker.poll() is None:
            worker.kill()
        output = worker.communicate(timeout=30)[0]

    report.refresh_from_db()
    assert report.status == Status.RUNNING, output  # what the dead worker left behind
    assert report.files == {}

    # Later, the build's time limit passed: the stalled-report job takes the claim over.
    settings.REPORT_BUILD_STALE_SECONDS = 0
    assert services.resume_stalled_builds() == 1
    report.refresh_from_db()
    assert (report.status, report.progress, report.build_attempts) == (Status.DONE, 100, 2)
    folder = tmp_path / "reports" / str(report.pk)
    assert not list(folder.glob(".*.part"))
    assert {p.name for p in folder.iterdir()} == {
        name.rsplit("/", 1)[-1] for name in report.files.values()
    }
    assert len(report.files) == 6
    assert AccessLog.objects.filter(verb="report.built", target_id=report.pk).count() == 1
    settings.REPORT_BUILD_STALE_SECONDS = 3600
    assert services.resume_stalled_builds() == 0
