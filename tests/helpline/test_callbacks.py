"""Call-backs: on the desk's home, reminded on time, once."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from cases.helpline import jobs, services
from coalition.models import Notification

from .conftest import CALL


def _callback(desk, in_minutes: int):
    return services.log_call(
        by=desk.user,
        **{**CALL, "outcome": "call_back"},
        callback_due=timezone.now() + timedelta(minutes=in_minutes),
    )


def test_a_call_back_coming_due_reminds_the_desk_once(hotline, hotline_a):
    soon = _callback(hotline, 10)
    _callback(hotline, 300)  # not yet
    assert jobs.remind_callbacks() == 1
    assert jobs.remind_callbacks() == 0  # run twice, reminded once
    reminders = Notification.objects.filter(kind="callback_due")
    assert [n.recipient_id for n in reminders] == [hotline.user_id]  # not another desk
    assert reminders.get().link == f"/helpline/{soon.pk}/"


def test_a_call_back_already_made_is_not_reminded(hotline):
    call = _callback(hotline, 5)
    services.mark_callback_done(call=call, by=hotline.user)
    assert jobs.remind_callbacks() == 0


def test_the_reminder_job_is_scheduled_and_runs_from_run_jobs(hotline, settings, capsys):
    assert "helpline-remind-callbacks" in settings.CELERY_BEAT_SCHEDULE
    _callback(hotline, 5)
    call_command("run_jobs", "helpline-remind-callbacks")
    assert "helpline-remind-callbacks: 1" in capsys.readouterr().out


def test_call_backs_due_are_on_the_desks_home_and_the_missed_ones_marked(hotline, as_user):
    _callback(hotline, 30)
    missed = services.log_call(by=hotline.user, **CALL)
    type(missed).objects.with_scopes_disabled().filter(pk=missed.pk).update(
        callback_due=timezone.now() - timedelta(hours=1)
    )
    home = as_user(hotline).get("/").content.decode()
    assert "Call-backs due" in home
    assert f'href="/helpline/{missed.pk}/"' in home
    assert "missed" in home
    assert "Calls today: 2 · last 7 days: 2 · call-backs waiting: 1 · missed: 1" in home
    assert 'href="/helpline/new/"' in home and 'href="/helpline/"' in home


def test_a_caseworkers_home_has_no_call_backs(caseworker_a, as_user):
    assert "Call-backs due" not in as_user(caseworker_a).get("/").content.decode()
