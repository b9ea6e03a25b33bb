"""The periodic jobs: each has its effect once however often it runs."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases import jobs as case_jobs
from cases import services as case_services
from cases.models import LegalProceeding
from coalition.models import Notification
from referrals import jobs
from referrals.models import Referral, Status


def set_respond_by(referral, delta: timedelta) -> None:
    Referral.objects.with_scopes_disabled().filter(pk=referral.pk).update(
        respond_by=timezone.now() + delta
    )


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def run_twice(job, capture):
    with capture(execute=True):
        first = job()
    with capture(execute=True):
        second = job()
    return first, second


def test_due_soon_reminder_is_sent_once(referral, desk_b, django_capture_on_commit_callbacks):
    set_respond_by(referral, timedelta(hours=5))
    mail.outbox.clear()
    assert run_twice(jobs.remind_due_soon, django_capture_on_commit_callbacks) == (1, 0)
    assert kinds_for(desk_b.user).count("referral_due_soon") == 1
    assert len([m for m in mail.outbox if m.to == [desk_b.user.email]]) == 1


def test_overdue_escalates_to_supervisors_then_to_the_secretariat(
    referral, supervisor_b, desk_b, secretariat_admin, settings, django_capture_on_commit_callbacks
):
    set_respond_by(referral, -timedelta(hours=1))
    assert run_twice(jobs.escalate_overdue, django_capture_on_commit_callbacks) == (1, 0)
    assert "referral_overdue" in kinds_for(supervisor_b.user)
    assert "referral_overdue" not in kinds_for(desk_b.user)  # the desk had its reminder
    assert "referral_overdue" not in kinds_for(secretariat_admin.user)
    set_respond_by(referral, -timedelta(hours=settings.REFERRAL_ESCALATE_TO_SECRETARIAT_HOURS + 1))
    assert run_twice(jobs.escalate_overdue, django_capture_on_commit_callbacks) == (1, 0)
    assert kinds_for(secretariat_admin.user) == ["referral_overdue"]
    assert kinds_for(supervisor_b.user).count("referral_overdue") == 1


def test_unanswered_referrals_expire_after_the_grace_period(
    referral, caseworker_a, settings, django_capture_on_commit_callbacks
):
    set_respond_by(referral, -timedelta(hours=settings.REFERRAL_EXPIRY_GRACE_HOURS - 1))
    assert jobs.expire_unanswered() == 0
    set_respond_by(referral, -timedelta(hours=settings.REFERRAL_EXPIRY_GRACE_HOURS + 1))
    assert run_twice(jobs.expire_unanswered, django_capture_on_commit_callbacks) == (1, 0)
    assert Referral.objects.with_scopes_disabled().get(pk=referral.pk).status == Status.EXPIRED
    assert kinds_for(caseworker_a.user).count("referral_expired") == 1


def test_hearing_reminder_goes_to_the_assigned_caseworker_once(
    caseworker_a, consenting_case, django_capture_on_commit_callbacks
):
    proceeding = case_services.save_proceeding(
        proceeding=LegalProceeding(
            case=consenting_case, authority="police", law="ptpa_2018", fir_number="12/2026"
        ),
        by=caseworker_a.user,
    )
    case_services.add_hearing(
        proceeding=proceeding, by=caseworker_a.user, on=timezone.localdate() + timedelta(days=1)
    )
    case_services.add_hearing(
        proceeding=proceeding, by=caseworker_a.user, on=timezone.localdate() + timedelta(days=20)
    )
    assert run_twice(case_jobs.hearing_reminders, django_capture_on_commit_callbacks) == (1, 0)
    assert kinds_for(caseworker_a.user) == ["hearing_soon"]


def test_daily_digest_once_a_day(referral, desk_b, caseworker_a, consenting_case):
    case_services.set_follow_up(
        case=consenting_case, by=caseworker_a.user, on=timezone.localdate() - timedelta(days=1)
    )
    first = jobs.daily_digest()
    assert first >= 2
    assert jobs.daily_digest() == 0
    digest = Notification.objects.get(recipient=desk_b.user, kind="daily_digest")
    assert digest.params == {"pending": 1, "follow_ups": 0}
    assert Notification.objects.get(recipient=caseworker_a.user, kind="daily_digest").params == {
        "pending": 0,
        "follow_ups": 1,
    }


def test_the_run_jobs_command_runs_every_periodic_job_in_process(referral, capsys):
    set_respond_by(referral, timedelta(hours=2))
    call_command("run_jobs")
    out = capsys.readouterr().out
    assert "referrals-remind-due-soon: 1" in out
    assert "referrals-daily-digest:" in out


def test_one_failing_job_does_not_keep_the_others_from_running(referral, capsys, monkeypatch):
    def broken():
        raise RuntimeError("a bad row")

    monkeypatch.setattr(jobs, "expire_unanswered", broken)
    set_respond_by(referral, timedelta(hours=2))
    with pytest.raises(CommandError, match="referrals-expire"):
        call_command("run_jobs")
    captured = capsys.readouterr()
    assert "referrals-expire: failed" in captured.err
    assert "referrals-remind-due-soon: 1" in captured.out
    assert "referrals-daily-digest:" in captured.out  # a job after the failed one
