from unittest import mock

from django.db.utils import OperationalError


def test_healthz_is_public_and_reports_database_and_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "in-process"}


def test_healthz_is_503_when_the_database_is_unreachable(client, db):
    with mock.patch("coalition.views.connection") as connection:
        connection.cursor.side_effect = OperationalError("connection refused")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_reports_an_unreachable_broker(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch("coalition.views.celery_app.connection_for_write") as conn:
        conn.return_value.__enter__.return_value.ensure_connection.side_effect = OSError
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "unavailable"
