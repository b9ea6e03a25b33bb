"""/healthz: answered before sessions and login, 503 when the database, the broker or the
worker is down; and a request with a wrong Host header is a 400, not a crash."""

import io
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.utils import OperationalError
from django.test import Client

from coalition.health import HEARTBEAT_CACHE_KEY, stamp_heartbeat
from coalition.tasks import heartbeat


@pytest.fixture
def with_broker(settings):
    """As in production: a broker (mocked as reachable) and a worker expected to stamp the
    heartbeat, which no test has stamped yet."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEARTBEAT_MAX_AGE_SECONDS = 300
    cache.delete(HEARTBEAT_CACHE_KEY)
    with mock.patch("coalition.health.celery_app.connection_for_write") as connect:
        yield connect
    cache.delete(HEARTBEAT_CACHE_KEY)


@pytest.fixture
def database_down():
    with mock.patch("coalition.health.connection") as connection:
        connection.cursor.side_effect = OperationalError("connection refused")
        yield


def test_healthz_is_public_and_reports_the_database_and_in_process_tasks(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "in-process",
        "worker": "in-process",
        "worker_heartbeat_age_seconds": None,
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_unreachable(client, db, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_is_503_not_500_when_a_session_cookie_is_sent_and_the_database_is_down(
    db, database_down
):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore._get_session_from_db",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_reads_no_session_and_runs_no_login(client, db):
    client.cookies["sessionid"] = "a" * 32
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore._get_session_from_db"
    ) as session:
        response = client.get("/healthz/web")
    assert response.status_code == 200
    session.assert_not_called()
    assert "sessionid" not in response.cookies


def test_healthz_answers_a_probe_whatever_host_it_names(client, db):
    response = client.get("/healthz/web", HTTP_HOST="172.18.0.5:8000")
    assert response.status_code == 200


def test_healthz_is_503_when_the_broker_is_unreachable(client, db, with_broker):
    stamp_heartbeat()
    with_broker.return_value.__enter__.return_value.ensure_connection.side_effect = OSError
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"


def test_healthz_is_503_when_no_worker_ever_ran_the_heartbeat(client, db, with_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "ok"
    assert response.json()["worker"] == "never seen"


def test_healthz_says_the_worker_is_unknown_not_never_seen_when_the_cache_is_down(
    client, db, with_broker
):
    """The heartbeat lives in the cache: with Redis down, the worker may be running fine; the
    answer names the outage rather than a worker that never ran."""
    from coalition.cache import ResilientRedisCache

    unreachable = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    assert unreachable.get(HEARTBEAT_CACHE_KEY) is None  # pages still treat it as a miss
    with mock.patch("coalition.health.cache", unreachable):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "unavailable"


def test_healthz_is_503_when_the_heartbeat_is_older_than_the_setting(client, db, with_broker):
    stamp_heartbeat(time.time() - 301)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "late"
    assert response.json()["worker_heartbeat_age_seconds"] >= 301


def test_the_heartbeat_task_stamps_the_time_healthz_reads(client, db, with_broker):
    heartbeat.apply()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"] == "ok"
    assert response.json()["worker_heartbeat_age_seconds"] <= 5


def test_the_heartbeat_is_on_beats_schedule(settings):
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "coalition.tasks.heartbeat" in entries


def test_web_health_checks_only_what_the_web_server_needs(client, db, with_broker):
    response = client.get("/healthz/web")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_web_health_is_503_when_the_database_is_unreachable(client, db, database_down):
    assert client.get("/healthz/web").status_code == 503


def test_a_wrong_host_header_is_answered_400_not_500(db):
    client = Client(raise_request_exception=False)
    response = client.get("/accounts/login/", HTTP_HOST="attacker.example.org")
    assert response.status_code == 400


def test_a_wrong_host_header_with_a_session_cookie_is_answered_400(db):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32
    assert client.get("/", HTTP_HOST="attacker.example.org").status_code == 400


def test_check_heartbeat_fails_until_a_worker_has_stamped_it(db, with_broker):
    with pytest.raises(SystemExit) as stale:
        call_command("check_heartbeat", stdout=io.StringIO())
    assert stale.value.code == 1
    heartbeat.apply()
    output = io.StringIO()
    call_command("check_heartbeat", stdout=output)
    assert output.getvalue().startswith("worker: ok")
