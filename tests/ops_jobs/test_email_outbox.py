"""Email that always arrives: the notification row is the outbox, retried until it goes out."""

import smtplib
import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from coalition import notifications
from coalition.models import Notification
from coalition.queueing import publish
from coalition.tasks import send_notification_email
from referrals.models import Referral

pytestmark = pytest.mark.django_db


def referral_form(legal_aid, org_b) -> dict:
    return {
        "service": legal_aid.pk,
        "to_organization": org_b.pk,
        "urgency": "urgent",
        "reason": "FIR registration and bail hearing.",
        "sections": ["survivor", "needs"],
        "send": "1",
    }


def later(minutes: int) -> None:
    """Let `minutes` pass for the outbox: what was due by then is due now."""
    Notification.objects.filter(next_attempt_at__isnull=False).update(
        next_attempt_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_a_referral_sent_while_the_broker_is_down_answers_at_once_and_its_email_arrives_once(
    as_user,
    caseworker_a,
    desk_b,
    supervisor_b,
    consenting_case,
    legal_aid,
    org_b,
    offering_b,
    broker_down,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(caseworker_a).post(
            f"/referrals/new/{consenting_case.pk}/", referral_form(legal_aid, org_b)
        )
    elapsed = time.monotonic() - started
    referral = Referral.objects.with_scopes_disabled().get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/"
    assert elapsed < 3, elapsed
    assert mail.outbox == []
    waiting = Notification.objects.filter(kind="referral_received", emailed_at__isnull=True)
    assert {n.recipient_id for n in waiting} == {desk_b.user_id, supervisor_b.user_id}

    # The broker is back; the outbox job runs (from beat, or `run_jobs` from cron).
    later(minutes=3)
    call_command("run_jobs", "notifications-send-due-emails")
    assert sorted(tuple(m.to) for m in mail.outbox) == sorted(
        [(desk_b.user.email,), (supervisor_b.user.email,)]
    )
    call_command("run_jobs", "notifications-send-due-emails")
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_queueing_a_task_on_an_unreachable_broker_gives_up_within_seconds(broker_down):
    started = time.monotonic()
    assert publish(send_notification_email, 0) is False
    assert time.monotonic() - started < 3


def test_the_outbox_leaves_a_new_email_to_its_task_for_a_moment(
    caseworker_a, django_capture_on_commit_callbacks, broker_down
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            [caseworker_a.user], "hearing_soon", link="/", dedupe_key="k", case="C-1", date="d"
        )
    assert notifications.send_due_emails() == 0  # its task may still be on the way
    later(minutes=3)
    assert notifications.send_due_emails() == 1


@pytest.fixture
def mail_server_refuses(monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(notifications, "send_mail", refuse)


def test_an_email_the_mail_server_refuses_is_tried_again_with_growing_pauses(
    caseworker_a, mail_server_refuses, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            [caseworker_a.user], "hearing_soon", link="/", dedupe_key="k", case="C-1", date="d"
        )
    notification = Notification.objects.get()
    first_pause = notification.next_attempt_at - timezone.now()
    assert notification.email_attempts == 1
    assert timedelta(minutes=4) < first_pause <= timedelta(minutes=5)
    assert notifications.send_due_emails() == 0  # not due yet: nothing is tried
    assert Notification.objects.get().email_attempts == 1
    later(minutes=6)
    notifications.send_due_emails()
    notification.refresh_from_db()
    assert notification.email_attempts == 2
    assert (
        timedelta(minutes=9)
        < notification.next_attempt_at - timezone.now()
        <= timedelta(minutes=10)
    )
    assert notification.emailed_at is None and notification.email_failed_at is None


def test_the_pause_between_attempts_doubles_up_to_six_hours():
    pauses = [notifications.retry_delay(n) for n in range(1, 10)]
    assert pauses[:4] == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert pauses[-1] == timedelta(hours=6)


def test_an_email_that_fails_every_attempt_is_flagged_to_the_secretariat_admins_in_the_app(
    caseworker_a,
    secretariat_admin,
    mail_server_refuses,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            [caseworker_a.user], "hearing_soon", link="/", dedupe_key="k", case="C-1", date="d"
        )
    for _attempt in range(4):
        later(minutes=400)
        notifications.send_due_emails()
    lost = Notification.objects.get(recipient=caseworker_a.user)
    assert lost.email_attempts == 3
    assert lost.email_failed_at is not None
    flag = Notification.objects.get(recipient=secretariat_admin.user)
    assert flag.kind == "email_undeliverable"
    assert flag.next_attempt_at is None  # in the app only: the mail is what failed
    assert caseworker_a.user.username in notifications.body_of(flag)
    assert flag.link == "/members/Sahil/staff/"
    later(minutes=400)
    assert notifications.send_due_emails() == 0
    assert Notification.objects.get(recipient=caseworker_a.user).email_attempts == 3


def test_the_outbox_is_on_beat_and_in_run_jobs():
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-send-due-emails"]
    assert entry["task"] == "coalition.tasks.send_due_emails"
    assert entry["schedule"] <= 300


def test_a_notification_whose_email_cannot_be_made_does_not_hold_up_the_others(
    caseworker_a, caseworker_b, django_capture_on_commit_callbacks, broker_down
):
    with django_capture_on_commit_callbacks(execute=True):
        for staff in (caseworker_a, caseworker_b):
            notifications.notify(
                [staff.user], "hearing_soon", link="/", dedupe_key="k", case="C-1", date="d"
            )
    Notification.objects.filter(recipient=caseworker_a.user).update(params={})  # no "case"
    later(minutes=3)
    mail.outbox.clear()
    assert notifications.send_due_emails() == 1
    assert [m.to for m in mail.outbox] == [[caseworker_b.user.email]]
    assert Notification.objects.get(recipient=caseworker_a.user).email_attempts == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_outbox_runs_at_once_send_each_email_once(caseworker_a, monkeypatch):
    notifications.notify(
        [caseworker_a.user], "hearing_soon", link="/", dedupe_key="k", case="C-1", date="d"
    )
    Notification.objects.update(emailed_at=None, next_attempt_at=timezone.now())
    sending, release, sent = threading.Event(), threading.Event(), []

    def slow_send_mail(subject, body, sender, to):
        sent.append(to)
        sending.set()
        release.wait(10)  # the mail server takes its time; the row stays locked meanwhile

    monkeypatch.setattr(notifications, "send_mail", slow_send_mail)

    def first_run():
        try:
            notifications.send_due_emails()
        finally:
            connections.close_all()

    first = threading.Thread(target=first_run)
    first.start()
    assert sending.wait(10)
    assert notifications.send_due_emails() == 0  # the row being sent is skipped, not sent again
    release.set()
    first.join(10)
    assert sent == [[caseworker_a.user.email]]
    assert Notification.objects.get().emailed_at is not None
