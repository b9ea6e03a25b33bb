"""Settings come from the environment only, with production-safe defaults."""

import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "hosts": settings.ALLOWED_HOSTS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "secure_cookies": settings.SESSION_COOKIE_SECURE,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "email": settings.EMAIL_BACKEND,
    "tz": settings.TIME_ZONE,
    "k": settings.SMALL_CELL_THRESHOLD,
    "sessions": settings.SESSION_ENGINE,
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}),
}))
"""


def load_settings(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "coalition.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        return {"error": result.stderr}
    return json.loads(result.stdout)


_SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_URL",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "EMAIL_HOST",
    "SMALL_CELL_THRESHOLD",
    "DB_STATEMENT_TIMEOUT_SECONDS",
}


def test_production_refuses_to_start_without_secret_key():
    assert "Set SECRET_KEY" in load_settings()["error"]


def test_production_defaults_are_safe():
    s = load_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="cases.example.org")
    assert s["debug"] is False
    assert s["ssl_redirect"] is True
    assert s["secure_cookies"] is True
    assert s["hsts"] >= 31536000
    assert s["hosts"] == ["cases.example.org"]
    assert s["tz"] == "Asia/Karachi"


def test_embedded_default_is_sqlite_and_in_process_tasks():
    s = load_settings(DEBUG="1")
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["db_name"].endswith("db.sqlite3")
    assert s["eager"] is True
    assert s["broker"] == "memory://"
    assert s["email"].endswith("console.EmailBackend")
    # No shared cache: a worker's own memory must never hold sessions another worker ends.
    assert s["sessions"] == "django.contrib.sessions.backends.db"


def test_database_and_redis_urls_switch_to_postgres_and_celery():
    s = load_settings(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://app@db.internal:5432/cases",
        REDIS_URL="redis://redis.internal:6379/1",
        EMAIL_HOST="smtp.example.org",
        SMALL_CELL_THRESHOLD="5",
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["db_name"] == "cases"
    assert s["eager"] is False
    assert s["broker"] == "redis://redis.internal:6379/1"
    assert s["email"].endswith("smtp.EmailBackend")
    assert s["k"] == 5
    assert s["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_every_model_change_has_its_migration(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


CONCURRENT_WRITES = """
import threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (x integer)")
writing = threading.Event()

def other_request():
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (1)")
        writing.set()
        time.sleep(0.5)
    connection.close()

thread = threading.Thread(target=other_request)
thread.start()
writing.wait()
with transaction.atomic():  # reads, then writes, while the other request holds the lock
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM t")
        cursor.execute("INSERT INTO t VALUES (2)")
thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM t")
    print(cursor.fetchone()[0])
"""


def test_the_demo_database_lets_two_requests_write_at_once(tmp_path):
    """On SQLite (the demo), a request that reads then writes while another writes waits for
    it instead of failing with "database is locked"."""
    clean = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARIABLES}
    done = subprocess.run(
        [sys.executable, "-c", CONCURRENT_WRITES],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "coalition.settings",
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "2"


def test_a_statement_timeout_is_set_for_the_web_server_below_its_own_timeouts():
    s = load_settings(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://app@db.internal:5432/cases",
        DB_STATEMENT_TIMEOUT_SECONDS="50",
    )
    assert s["db_options"]["options"] == "-c statement_timeout=50000"
    assert (
        "options"
        not in load_settings(
            SECRET_KEY="x" * 50, DATABASE_URL="postgres://app@db.internal:5432/cases"
        )["db_options"]
    )
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = int(compose["services"]["web"]["environment"]["DB_STATEMENT_TIMEOUT_SECONDS"])
    gunicorn = runpy.run_path(str(ROOT / ".docker" / "gunicorn.conf.py"))["timeout"]
    proxy = (ROOT / ".docker" / "nginx.conf").read_text()
    read_timeouts = [int(t) for t in re.findall(r"proxy_read_timeout\s+(\d+)s", proxy)]
    assert 0 < web < gunicorn <= min(read_timeouts)
    for job_runner in ("worker", "beat", "migrate"):
        assert "DB_STATEMENT_TIMEOUT_SECONDS" not in str(compose["services"][job_runner])
