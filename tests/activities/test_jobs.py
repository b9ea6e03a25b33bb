"""Reminders: follow-up owners before the due date and once overdue, members bidding before a
call's deadline; every job run twice has its effect once, and run_jobs knows them."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from coalition.activities import jobs, services
from coalition.models import Notification


@pytest.fixture
def today():
    return timezone.localdate()


def test_a_follow_up_owner_is_reminded_once_before_and_once_after_the_due_date(
    walk_a, supervisor_a, caseworker_a, today
):
    follow_up = services.add_follow_up(
        activity=walk_a, by=supervisor_a.user, action="Send the minutes to the DC office",
        owner=caseworker_a, due_on=today + timedelta(days=1),
    )  # fmt: skip
    assert jobs.follow_up_reminders() == 1
    assert jobs.follow_up_reminders() == 0
    [reminder] = Notification.objects.filter(recipient=caseworker_a.user)
    assert reminder.kind == "activity_follow_up_due"
    follow_up.due_on = today - timedelta(days=1)
    follow_up.save(update_fields=["due_on"])
    assert jobs.follow_up_reminders() == 1
    assert jobs.follow_up_reminders() == 0
    assert Notification.objects.filter(recipient=caseworker_a.user).count() == 2


def test_a_done_follow_up_is_not_reminded(walk_a, supervisor_a, today):
    follow_up = services.add_follow_up(
        activity=walk_a, by=supervisor_a.user, action="Thank the press club", owner=supervisor_a,
        due_on=today,
    )  # fmt: skip
    services.complete_follow_up(follow_up=follow_up, by=supervisor_a.user)
    assert jobs.follow_up_reminders() == 0


def test_members_bidding_are_reminded_once_at_each_step_before_the_deadline(
    supervisor_a, caseworker_a, supervisor_b, desk_a, settings, today
):
    settings.FUNDING_REMINDER_DAYS = (7, 1)
    call = services.post_call(
        by=supervisor_a.user, donor="Example Fund", title="Safe migration",
        deadline=today + timedelta(days=6),
    )  # fmt: skip
    services.join_bid(call=call, by=supervisor_a.user)
    assert jobs.funding_deadline_reminders() == 1
    assert jobs.funding_deadline_reminders() == 0
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"a-supervisor", "a-caseworker"}  # not the desk, not the member not bidding
    call.deadline = today + timedelta(days=1)
    call.save(update_fields=["deadline"])
    assert jobs.funding_deadline_reminders() == 1
    assert jobs.funding_deadline_reminders() == 0
    assert Notification.objects.filter(recipient=supervisor_a.user).count() == 2


def test_a_submitted_bid_is_not_reminded(supervisor_a, today):
    call = services.post_call(
        by=supervisor_a.user, donor="Fund", title="Call", deadline=today + timedelta(days=1)
    )
    services.join_bid(call=call, by=supervisor_a.user)
    services.update_call(call=call, by=supervisor_a.user, status="submitted")
    assert jobs.funding_deadline_reminders() == 0


def test_run_jobs_runs_the_activity_reminders(walk_a, supervisor_a, today):
    services.add_follow_up(
        activity=walk_a, by=supervisor_a.user, action="Share photos", owner=supervisor_a,
        due_on=today,
    )  # fmt: skip
    out = StringIO()
    call_command("run_jobs", "activities-follow-up-reminders", stdout=out)
    assert "activities-follow-up-reminders: 1" in out.getvalue()
    call_command("run_jobs", "activities-follow-up-reminders", stdout=out)
    assert Notification.objects.filter(kind="activity_follow_up_due").count() == 1
