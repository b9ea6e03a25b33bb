"""The access log's daily hash chain: sealed after each day, caught up when missed, and any
changed, deleted or slipped-in entry named by the day it falls in."""

import io
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from coalition import access_log_chain as chain
from coalition.audit import log_action
from coalition.models import AccessLog, AccessLogSeal, AppendOnlyError
from coalition.tasks import seal_access_log

KARACHI = ZoneInfo("Asia/Karachi")
DAY_1 = date(2026, 3, 1)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="tampering is done in PostgreSQL's SQL"
)


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=KARACHI)


@contextmanager
def clock(at: datetime):
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def log_on(day: date, hour: int, staff, verb: str = "case.viewed") -> AccessLog:
    with clock(moment(day, hour)):
        return log_action(staff.user, AccessLog.Action.VIEW, staff, verb=verb, sections=["x"])


@pytest.fixture
def three_days(admin_a):
    """Entries on three days in a row, the last one written a minute before midnight."""
    entries = [
        log_on(DAY_1, 9, admin_a),
        log_on(DAY_1, 17, admin_a, "case.updated"),
        log_on(DAY_1 + timedelta(days=1), 10, admin_a),
    ]
    with clock(moment(DAY_1 + timedelta(days=2), 23, 59)):
        entries.append(log_action(admin_a.user, AccessLog.Action.LOGIN, admin_a))
    return entries


def seal_at(at: datetime) -> list[AccessLogSeal]:
    return chain.seal_due_days(now=at)


def verify() -> str:
    out = io.StringIO()
    call_command("verify_access_log", stdout=out)
    return out.getvalue()


def superuser_sql(statement: str, params=()) -> None:
    """As the database's superuser, with triggers off: what a database administrator could do."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(statement, params)
        cursor.execute("SET session_replication_role = DEFAULT")


def test_a_clean_log_verifies(three_days):
    sealed = seal_at(moment(DAY_1 + timedelta(days=3), 2))
    assert [(s.day, s.entries) for s in sealed] == [
        (DAY_1, 2),
        (DAY_1 + timedelta(days=1), 1),
        (DAY_1 + timedelta(days=2), 1),
    ]
    assert sealed[1].previous_digest == sealed[0].digest
    output = verify()
    assert "matches its seals: 3 day(s), 4 entries" in output


@postgres_only
def test_a_changed_entry_fails_naming_its_day(three_days):
    seal_at(moment(DAY_1 + timedelta(days=3), 2))
    superuser_sql(
        "UPDATE coalition_accesslog SET verb = 'case.viewed' WHERE id = %s", [three_days[1].pk]
    )
    with pytest.raises(CommandError, match="2026-03-01: an entry of this day was changed"):
        verify()


@postgres_only
def test_a_changed_detail_fails(three_days):
    seal_at(moment(DAY_1 + timedelta(days=3), 2))
    superuser_sql(
        'UPDATE coalition_accesslog SET details = \'{"sections": ["y"]}\' WHERE id = %s',
        [three_days[2].pk],
    )
    assert chain.verify_chain().mismatch.day == DAY_1 + timedelta(days=1)


@postgres_only
def test_a_deleted_entry_fails_naming_its_day(three_days):
    seal_at(moment(DAY_1 + timedelta(days=3), 2))
    superuser_sql("DELETE FROM coalition_accesslog WHERE id = %s", [three_days[3].pk])
    with pytest.raises(CommandError, match="2026-03-03: 0 entries now, 1 when sealed"):
        verify()


def test_an_entry_slipped_into_a_sealed_day_fails(three_days, admin_a):
    seal_at(moment(DAY_1 + timedelta(days=3), 2))
    log_on(DAY_1 + timedelta(days=1), 12, admin_a)
    result = chain.verify_chain()
    assert result.mismatch.day == DAY_1 + timedelta(days=1)
    assert result.days == 1


@postgres_only
def test_a_rewritten_seal_fails(three_days):
    seal_at(moment(DAY_1 + timedelta(days=3), 2))
    superuser_sql("DELETE FROM coalition_accesslogseal WHERE day = %s", [DAY_1 + timedelta(days=1)])
    assert chain.verify_chain().mismatch.day == DAY_1 + timedelta(days=1)


def test_another_key_is_told_apart(three_days, settings):
    seal_at(moment(DAY_1 + timedelta(days=3), 2))
    settings.ACCESS_LOG_SEAL_KEY = "another key"
    assert "another key" in chain.verify_chain().mismatch.reason


def test_missed_days_are_caught_up_once_and_empty_days_sealed_too(admin_a):
    log_on(DAY_1, 9, admin_a)
    log_on(DAY_1 + timedelta(days=4), 9, admin_a)
    with clock(moment(DAY_1 + timedelta(days=6), 1, 5)):
        seal_access_log()
        again = chain.seal_due_days()
    seals = list(AccessLogSeal.objects.order_by("day"))
    assert [s.day for s in seals] == [DAY_1 + timedelta(days=n) for n in range(6)]
    assert [s.entries for s in seals] == [1, 0, 0, 0, 1, 0]
    assert again == []
    assert chain.verify_chain().ok


def test_a_day_is_sealed_only_after_the_margin(admin_a, settings):
    settings.ACCESS_LOG_SEAL_MARGIN_MINUTES = 45
    log_on(DAY_1, 23, admin_a)
    next_day = DAY_1 + timedelta(days=1)
    assert seal_at(moment(next_day, 0, 30)) == []
    assert [s.day for s in seal_at(moment(next_day, 0, 50))] == [DAY_1]


@postgres_only
def test_no_day_is_sealed_while_a_transaction_from_before_its_end_is_open(admin_a):
    from django.utils import timezone

    from tests.ops import pg

    log_action(admin_a.user, AccessLog.Action.VIEW, admin_a)  # today
    # Noon, so that today and tomorrow are due whatever the time now: at 00:40 in Karachi,
    # now + 2 days fell within tomorrow's margin and only today was due.
    two_days_on = moment(timezone.localdate() + timedelta(days=2), 12)
    with pg.connect(connection.settings_dict["NAME"]) as other:
        other.execute("BEGIN")
        other.execute("SELECT 1")
        assert seal_at(two_days_on) == []
        other.execute("ROLLBACK")
    assert len(seal_at(two_days_on)) == 2


def test_seals_are_append_only(three_days):
    seal = seal_at(moment(DAY_1 + timedelta(days=3), 2))[0]
    seal.digest = "0" * 64
    with pytest.raises(AppendOnlyError):
        seal.save()
    with pytest.raises(AppendOnlyError):
        AccessLogSeal.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        seal.delete()


@postgres_only
def test_the_database_refuses_to_change_a_seal(three_days):
    from django.db import DatabaseError, transaction

    seal_at(moment(DAY_1 + timedelta(days=3), 2))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE coalition_accesslogseal SET entries = 0")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM coalition_accesslogseal")


def test_the_seal_job_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["access-log-seal"]
    assert entry["task"] == "coalition.tasks.seal_access_log"
    assert entry["schedule"].hour == {1}


def test_a_deploy_check_asks_for_a_seal_key_of_its_own(settings):
    from coalition.checks import access_log_seal_key_set

    settings.ACCESS_LOG_SEAL_KEY = ""
    assert [w.id for w in access_log_seal_key_set(None)] == ["coalition.W005"]
    settings.ACCESS_LOG_SEAL_KEY = "x" * 64
    assert access_log_seal_key_set(None) == []
