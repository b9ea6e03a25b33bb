"""Fixtures for the fault tests: a referral's cast, and a broker that cannot be reached."""

import pytest

from coalition.celery import app
from tests.cases.conftest import case_a  # noqa: F401
from tests.referrals.conftest import consenting_case, legal_aid, offering_b  # noqa: F401

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


@pytest.fixture
def broker_down(monkeypatch):
    """Celery pointed at a Redis that refuses connections, tasks no longer run in-process: what
    a web process sees while the broker is down."""
    broker_url = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = UNREACHABLE_REDIS
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    yield
    app.conf.broker_url = broker_url
    app.conf.task_always_eager = True
