"""Jobs that always finish: a stored report whose worker died is taken over and ends ready, once."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from coalition.celery import app
from coalition.models import AccessLog
from coalition.reports import services, tasks
from coalition.reports.models import StoredReport
from coalition.reports.scope import Period, ReportScope

pytestmark = pytest.mark.django_db

Status = StoredReport.Status
FILES = {f"{fmt}-{lang}" for fmt in ("csv", "xlsx", "pdf") for lang in ("en", "ur")}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path) -> Path:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


@pytest.fixture
def csv_only(monkeypatch):
    monkeypatch.setattr(services, "FORMATS", {"csv": services.FORMATS["csv"]})


def queued_report(analyst, django_capture_on_commit_callbacks) -> StoredReport:
    """A report an analyst asked for, its build task not run yet."""
    with django_capture_on_commit_callbacks(execute=False):
        return services.request_report(
            scope=ReportScope(None),
            by=analyst.user,
            period=Period.month(timezone.localdate().year, timezone.localdate().month),
            kind=StoredReport.Kind.ON_REQUEST,
        )


def die_mid_build(report: StoredReport, folder: Path, *, claimed_ago: timedelta) -> None:
    """What a worker killed while building leaves: the report running under its claim, and a
    file half written."""
    StoredReport.objects.filter(pk=report.pk).update(
        status=Status.RUNNING,
        progress=40,
        claim="deadworker",
        claimed_at=timezone.now() - claimed_ago,
        build_attempts=1,
    )
    reports = folder / "reports" / str(report.pk)
    reports.mkdir(parents=True)
    (reports / ".report-en.pdf.deadworker.part").write_bytes(b"%PDF-1.7 half a fil")


def built_entries(report) -> int:
    return AccessLog.objects.filter(verb="report.built", target_id=report.pk).count()


def test_a_report_whose_worker_died_mid_build_is_rebuilt_by_the_stalled_job_and_ends_ready_once(
    analyst, private_media, django_capture_on_commit_callbacks
):
    report = queued_report(analyst, django_capture_on_commit_callbacks)
    stale = timedelta(seconds=settings.REPORT_BUILD_STALE_SECONDS + 60)
    die_mid_build(report, private_media, claimed_ago=stale)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_jobs", "reports-resume-stalled")
    report.refresh_from_db()
    assert (report.status, report.progress) == (Status.DONE, 100)
    assert set(report.files) == FILES
    folder = private_media / "reports" / str(report.pk)
    assert not list(folder.glob(".*.part"))  # the dead build's half file is gone
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        Path(name).name for name in report.files.values()
    )
    for name in report.files.values():
        content = (private_media / name).read_bytes()
        if name.endswith(".pdf"):  # complete, not the half file the dead worker left
            assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
        elif name.endswith(".xlsx"):
            assert content.startswith(b"PK")
        else:
            assert len(content.splitlines()) > 1
    assert built_entries(report) == 1

    # The job and the build run again: nothing more happens.
    assert services.resume_stalled_builds() == 0
    assert services.build(report.pk) == "not queued"
    assert built_entries(report) == 1


def test_a_fresh_claim_is_left_to_its_worker_but_a_redelivered_task_takes_it_over(
    analyst, private_media, csv_only, django_capture_on_commit_callbacks
):
    report = queued_report(analyst, django_capture_on_commit_callbacks)
    die_mid_build(report, private_media, claimed_ago=timedelta(minutes=1))
    assert services.resume_stalled_builds() == 0
    assert services.build(report.pk) == "not queued"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.build(report.pk, redelivered=True) == Status.DONE
    report.refresh_from_db()
    assert (report.status, report.build_attempts, built_entries(report)) == (Status.DONE, 2, 1)


def test_the_build_task_takes_over_when_the_broker_hands_it_out_again(
    analyst, private_media, csv_only, django_capture_on_commit_callbacks
):
    report = queued_report(analyst, django_capture_on_commit_callbacks)
    die_mid_build(report, private_media, claimed_ago=timedelta(minutes=1))
    task = tasks.build_stored_report
    task.push_request(delivery_info={"redelivered": False})
    try:
        assert task.run(report.pk) == "not queued"  # another delivery of a live build
    finally:
        task.pop_request()
    task.push_request(delivery_info={"redelivered": True})
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert task.run(report.pk) == Status.DONE
    finally:
        task.pop_request()


def test_a_report_whose_task_was_never_queued_is_queued_again(
    analyst, csv_only, django_capture_on_commit_callbacks
):
    report = queued_report(analyst, django_capture_on_commit_callbacks)  # its task was lost
    assert services.resume_stalled_builds() == 0  # still young: its task may be in the queue
    StoredReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resume_stalled_builds() == 1
    report.refresh_from_db()
    assert report.status == Status.DONE


def test_a_report_that_kills_its_worker_every_time_fails_after_the_last_attempt(
    analyst, private_media, settings, django_capture_on_commit_callbacks
):
    report = queued_report(analyst, django_capture_on_commit_callbacks)
    die_mid_build(
        report,
        private_media,
        claimed_ago=timedelta(seconds=settings.REPORT_BUILD_STALE_SECONDS + 1),
    )
    StoredReport.objects.filter(pk=report.pk).update(
        build_attempts=settings.REPORT_BUILD_MAX_ATTEMPTS
    )
    services.resume_stalled_builds()
    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert services.resume_stalled_builds() == 0


def test_a_build_that_fails_half_way_leaves_no_file_behind(
    analyst, private_media, monkeypatch, django_capture_on_commit_callbacks
):
    class Broken:
        @staticmethod
        def render(figures):
            raise OSError("disk full")

    monkeypatch.setattr(services, "FORMATS", {"csv": services.FORMATS["csv"], "pdf": Broken})
    report = queued_report(analyst, django_capture_on_commit_callbacks)
    assert services.build(report.pk) == Status.FAILED
    report.refresh_from_db()
    assert (report.status, report.files) == (Status.FAILED, {})
    folder = private_media / "reports" / str(report.pk)
    assert not folder.exists() or not any(folder.iterdir())


def test_builds_have_time_limits_and_the_broker_waits_longer_before_handing_a_task_out_again():
    task = tasks.build_stored_report
    assert task.soft_time_limit < task.time_limit == settings.REPORT_BUILD_TIME_LIMIT
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > max(task.time_limit, app.conf.task_time_limit)
    assert task.time_limit < settings.REPORT_BUILD_STALE_SECONDS
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    entry = settings.CELERY_BEAT_SCHEDULE["reports-resume-stalled"]
    assert entry["task"] == "coalition.reports.tasks.resume_stalled_builds"
