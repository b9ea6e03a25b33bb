"""TLS to PostgreSQL and Redis is asked for in the URLs, and the settings pass it on: psycopg
gets sslmode and the CA file; the cache and the broker both check the Redis server's
certificate and host name (Celery's kombu would skip both if not told)."""

import runpy
import ssl
from pathlib import Path

import pytest
from kombu import Connection
from redis import ConnectionPool
from redis.connection import SSLConnection

SETTINGS = Path(__file__).resolve().parents[2] / "coalition" / "settings.py"


def settings_with(monkeypatch, **environ) -> dict:
    for name in ("CELERY_BROKER_URL", "CACHE_URL", "REDIS_CA_FILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS), run_name="settings_under_test")


def test_postgres_tls_options_reach_psycopg(monkeypatch):
    loaded = settings_with(
        monkeypatch,
        DATABASE_URL="postgres://app:secret@db.internal:5432/cases"
        "?sslmode=verify-full&sslrootcert=/etc/ssl/coalition/db-ca.pem",
    )
    database = loaded["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db.internal"
    assert database["OPTIONS"]["sslmode"] == "verify-full"
    assert database["OPTIONS"]["sslrootcert"] == "/etc/ssl/coalition/db-ca.pem"


def test_rediss_gives_the_broker_and_the_cache_verified_tls(monkeypatch):
    loaded = settings_with(
        monkeypatch,
        REDIS_URL="rediss://:secret@redis.internal:6380/0",
        REDIS_CA_FILE="/etc/ssl/coalition/redis-ca.pem",
    )
    assert loaded["CELERY_BROKER_URL"] == "rediss://:secret@redis.internal:6380/0"
    assert loaded["CACHE_URL"] == "rediss://:secret@redis.internal:6380/1"
    expected = {
        "ssl_cert_reqs": "required",
        "ssl_check_hostname": True,
        "ssl_ca_certs": "/etc/ssl/coalition/redis-ca.pem",
    }
    assert loaded["CELERY_BROKER_USE_SSL"] == expected
    cache = loaded["CACHES"]["default"]
    assert cache["LOCATION"] == "rediss://:secret@redis.internal:6380/1"
    assert expected.items() <= cache["OPTIONS"].items()

    # What the clients make of it (no connection is opened):
    pool = ConnectionPool.from_url(cache["LOCATION"], **cache["OPTIONS"])
    assert pool.connection_class is SSLConnection
    connection = pool.make_connection()
    assert connection.cert_reqs == ssl.CERT_REQUIRED
    assert connection.check_hostname is True
    broker = Connection(loaded["CELERY_BROKER_URL"], ssl=loaded["CELERY_BROKER_USE_SSL"])
    assert broker.ssl == expected  # not kombu's fallback, which checks no certificate


@pytest.mark.parametrize("url", ["redis://redis.internal:6379/0", ""])
def test_plain_redis_or_none_asks_for_no_tls(monkeypatch, url):
    loaded = settings_with(monkeypatch, REDIS_URL=url)
    assert loaded["CELERY_BROKER_USE_SSL"] is False
    assert "ssl_cert_reqs" not in loaded["CACHES"]["default"].get("OPTIONS", {})


def test_a_separate_cache_url_over_tls_is_verified_too(monkeypatch):
    loaded = settings_with(
        monkeypatch,
        REDIS_URL="redis://broker.internal:6379/0",
        CACHE_URL="rediss://cache.internal:6380/0",
    )
    assert loaded["CELERY_BROKER_USE_SSL"] is False
    assert loaded["CACHES"]["default"]["OPTIONS"]["ssl_check_hostname"] is True
