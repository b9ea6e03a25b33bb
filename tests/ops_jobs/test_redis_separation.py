"""The cache and the broker are separate Redis databases, and pages work with the cache gone."""

import json
import os
import subprocess
import sys

import pytest
import redis
from django.core.cache import caches

from coalition.settings import redis_database_after
from tests.coalition.test_settings import _SETTINGS_VARIABLES, ROOT, load_settings

UNREACHABLE_CACHE = {
    "BACKEND": "coalition.cache.ResilientRedisCache",
    "LOCATION": "redis://127.0.0.1:1/1",  # nothing listens on port 1
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
}
PROBE = (
    "import django, json; django.setup(); from django.conf import settings; print(json.dumps("
    "{'broker': settings.CELERY_BROKER_URL, 'cache': settings.CACHES['default']['LOCATION'],"
    " 'backend': settings.CACHES['default']['BACKEND']}))"
)


def probe(**env) -> dict:
    """The broker and cache settings a process started with `env` gets."""
    clean = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "coalition.settings",
            "SECRET_KEY": "x" * 50,
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_cache_uses_the_next_redis_database_after_the_broker():
    s = probe(REDIS_URL="redis://redis.internal:6379/0")
    assert s["broker"] == "redis://redis.internal:6379/0"
    assert s["cache"] == "redis://redis.internal:6379/1"
    assert s["backend"] == "coalition.cache.ResilientRedisCache"


def test_the_cache_and_the_broker_can_be_named_apart():
    s = probe(
        REDIS_URL="redis://redis.internal:6379/0",
        CELERY_BROKER_URL="redis://queue.internal:6379/0",
        CACHE_URL="redis://cache.internal:6379/0",
    )
    assert (s["broker"], s["cache"]) == (
        "redis://queue.internal:6379/0",
        "redis://cache.internal:6379/0",
    )


def test_the_next_database_keeps_the_password_and_host():
    assert redis_database_after("redis://:secret@r:6380/4") == "redis://:secret@r:6380/5"
    assert redis_database_after("redis://r:6379") == "redis://r:6379/1"


def test_the_embedded_mode_still_needs_no_redis():
    assert load_settings(DEBUG="1")["broker"] == "memory://"


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": UNREACHABLE_CACHE}
    settings.REPORTS_CACHE_SECONDS = 300  # the dashboard reads and writes its figures there


@pytest.mark.django_db
def test_the_dashboard_and_home_page_answer_with_the_cache_server_unreachable(
    as_user, analyst, supervisor_a, cache_down
):
    for staff in (analyst, supervisor_a):
        client = as_user(staff)
        assert client.get("/reports/").status_code == 200
        assert client.get("/").status_code == 200
    assert as_user(supervisor_a).get("/cases/").status_code == 200


@pytest.mark.django_db
def test_signing_in_works_with_the_cache_server_unreachable(client, caseworker_a, cache_down):
    caseworker_a.user.set_password("a-long-password-1")
    caseworker_a.user.save()
    assert client.get("/accounts/login/").status_code == 200
    response = client.post(
        "/accounts/login/",
        {"username": caseworker_a.user.username, "password": "a-long-password-1"},
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_cache_misses_and_forgets_when_unreachable(cache_down):
    cache = caches["default"]
    cache.set("k", 1)
    assert cache.get("k", "missing") == "missing"
    assert cache.get_or_set("k", lambda: 2) == 2
    assert cache.get_many(["k"]) == {}
    assert cache.delete("k") is False
    assert cache.clear() is False


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_clearing_the_cache_leaves_the_task_queue_alone():
    from django.conf import settings

    queue = "ops-test-cache-clear"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(queue)
    broker.lpush(queue, b"a queued task")
    try:
        caches["default"].clear()
        assert broker.llen(queue) == 1
    finally:
        broker.delete(queue)


def test_the_deploy_check_warns_when_cache_and_broker_share_a_database(settings):
    from coalition.checks import cache_apart_from_broker

    settings.CELERY_BROKER_URL = "redis://r:6379/0"
    settings.CACHES = {"default": {**UNREACHABLE_CACHE, "LOCATION": "redis://r:6379/0"}}
    assert [w.id for w in cache_apart_from_broker(None)] == ["coalition.W001"]
    settings.CACHES = {"default": {**UNREACHABLE_CACHE, "LOCATION": "redis://r:6379/1"}}
    assert cache_apart_from_broker(None) == []
