"""Stored reports: the monthly job (idempotent, announced), reports on request, their progress."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from coalition.models import AccessLog, Notification
from coalition.reports import services, tasks
from coalition.reports.models import StoredReport
from coalition.reports.scope import Period

from .conftest import QUERY

FILES = {f"{fmt}-{lang}" for fmt in ("csv", "xlsx", "pdf") for lang in ("en", "ur")}

pytestmark = pytest.mark.django_db


@pytest.fixture
def csv_only(monkeypatch):
    """For the tests of when reports are made, not of their files: skip the slow PDFs."""
    monkeypatch.setattr(services, "FORMATS", {"csv": services.FORMATS["csv"]})


def test_the_monthly_report_is_made_once_and_announced_to_the_secretariat(
    analyst, secretariat_admin, supervisor_a, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.monthly_report()
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.monthly_report()
    assert (first.endswith("queued"), second) == (True, "already made")
    report = StoredReport.objects.get()
    assert report.kind == StoredReport.Kind.MONTHLY
    assert (report.period_start, report.period_end) == (
        Period.previous_month().start, Period.previous_month().end
    )  # fmt: skip
    assert report.status == StoredReport.Status.DONE
    assert report.progress == 100
    # The monthly report also carries the coalition's activities (coalition.activities).
    assert set(report.files) == FILES | {f"activities-{key}" for key in FILES}
    announced = Notification.objects.filter(kind="monthly_report_ready")
    assert sorted(n.recipient_id for n in announced) == sorted(
        [analyst.user_id, secretariat_admin.user_id]
    )
    assert {tuple(m.to) for m in mail.outbox} == {
        (analyst.user.email,), (secretariat_admin.user.email,)
    }  # fmt: skip
    assert announced.first().link == f"/reports/stored/{report.pk}/"


def test_the_monthly_job_runs_from_the_beat_schedule_and_run_jobs_with_no_arguments(
    csv_only,
    django_capture_on_commit_callbacks,
):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-monthly"]
    assert entry["task"] == "coalition.reports.tasks.monthly_report"
    assert entry["schedule"].day_of_month == {1}
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {0})
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_jobs", "reports-monthly")
        call_command("run_jobs", "reports-monthly")
    assert StoredReport.objects.filter(kind=StoredReport.Kind.MONTHLY).count() == 1


def test_a_month_can_be_named(csv_only, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.monthly_report("2026-02")
    report = StoredReport.objects.get()
    assert (report.period_start, report.period_end) == (date(2026, 2, 1), date(2026, 2, 28))


def test_a_failed_monthly_report_is_tried_again(csv_only, django_capture_on_commit_callbacks):
    period = Period.month(2026, 2)
    with django_capture_on_commit_callbacks(execute=False):
        report = services.monthly_report(period)
    StoredReport.objects.filter(pk=report.pk).update(status=StoredReport.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.monthly_report(period).pk == report.pk
    report.refresh_from_db()
    assert report.status == StoredReport.Status.DONE


def test_building_twice_builds_once(csv_only, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.monthly_report(Period.month(2026, 1))
    assert services.build(report.pk) == "not queued"


def test_an_analyst_builds_a_report_for_any_period_and_follows_its_progress(
    as_user, coalition, analyst, small_k, django_capture_on_commit_callbacks
):
    client = as_user(analyst)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/reports/request/", QUERY)
    report = StoredReport.objects.get()
    assert response["Location"] == f"/reports/stored/{report.pk}/"
    assert client.get(f"/reports/stored/{report.pk}/progress/").json() == {
        "status": "queued", "label": "Waiting to start", "progress": 0, "finished": False
    }  # fmt: skip
    waiting = client.get(response["Location"]).content.decode()
    assert f'data-progress-url="/reports/stored/{report.pk}/progress/"' in waiting
    for callback in queued:
        callback()
    progress = client.get(f"/reports/stored/{report.pk}/progress/").json()
    assert (progress["status"], progress["progress"], progress["finished"]) == ("done", 100, True)
    page = client.get(response["Location"])
    assert ("PDF", "pdf-en") in page.context["downloads"]
    download = client.get(f"/reports/stored/{report.pk}/files/pdf-en/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (entry.verb, entry.details["format"]) == ("report.exported", "pdf-en")
    listed = client.get("/reports/").context["stored"]
    assert [item.pk for item, _ in listed] == [report.pk]


def test_a_member_s_requested_report_is_its_own(
    as_user, admin_a, org_a, csv_only, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(admin_a).post("/reports/request/", QUERY)
    assert StoredReport.objects.get().organization == org_a


def test_a_wrong_period_is_refused_with_a_message(as_user, analyst):
    response = as_user(analyst).post("/reports/request/", {"start": "2026-02-01"}, follow=True)
    assert "Check the period" in response.content.decode()
    assert not StoredReport.objects.exists()


def test_a_report_that_fails_to_build_says_so(
    as_user, analyst, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(report):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_build_report", broken)
    client = as_user(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/request/", QUERY)
    report = StoredReport.objects.get()
    assert report.status == StoredReport.Status.FAILED
    assert "could not be built" in client.get(response["Location"]).content.decode()


def test_the_dashboard_s_pdf_is_built_in_the_background_once(
    as_user, analyst, django_capture_on_commit_callbacks
):
    client = as_user(analyst)
    dashboard = client.get("/reports/", QUERY).content.decode()
    form = re.search(r'<div class="actions report-exports">.*?</form>', dashboard, re.S).group(0)
    assert 'action="/reports/request/"' in form
    fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    fields.pop("csrfmiddlewaretoken")
    assert fields == {"year": "2026", "part": "q1"}  # all provinces: an empty value
    assert 'name="province"' in form
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post("/reports/request/", fields)
        again = client.post("/reports/request/", fields)  # a second click while it is queued
    assert first["Location"] == again["Location"]
    report = StoredReport.objects.get()
    waiting = client.get(first["Location"]).content.decode()
    # Without JavaScript the page reloads itself until the files are ready.
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in waiting
    assert client.get(f"/reports/stored/{report.pk}/progress/").json()["finished"] is False
