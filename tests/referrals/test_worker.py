"""A real Celery worker on Redis runs a queued job and its effect reaches the database."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection

from coalition.celery import app
from coalition.models import Notification
from coalition.tasks import send_notification_email

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker shares PostgreSQL"),
]


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_sends_a_queued_notification_email(caseworker_a, settings):
    notification = Notification.objects.create(
        recipient=caseworker_a.user,
        kind="hearing_soon",
        params={"case": "SAHIL-2026-000001", "date": "2026-12-01"},
        link="/",
        dedupe_key="worker-test",
    )
    queue = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "coalition", "worker", "-Q", queue,
         "--pool=solo", "--without-heartbeat", "--without-gossip", "--without-mingle",
         "-l", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    app.conf.task_always_eager = False
    try:
        send_notification_email.apply_async(args=[notification.pk], queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            notification.refresh_from_db()
            if notification.emailed_at:
                break
            time.sleep(0.5)
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert notification.emailed_at is not None, output
    assert "SAHIL-2026-000001" in output  # the console email backend printed the message
