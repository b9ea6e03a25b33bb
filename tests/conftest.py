"""Fixtures shared by every test: two member organisations, the secretariat, a person per role."""

import os

import pytest
from django.test import Client
from django.utils import translation

from members.models import Organization
from members.roles import Role

from .factories import make_staff


def pytest_configure(config):
    if os.environ.get("PYTEST_XDIST_WORKER") and not config.pluginmanager.has_plugin(
        "tests.workers"
    ):
        raise pytest.UsageError(
            "Parallel workers share one database and Redis without `-p tests.workers`: "
            "run `make test`, or add `-p tests.workers` to pytest's arguments."
        )


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix():
    """A worker's database is named after it already (tests/workers.py): pytest-django would
    add the same suffix a second time."""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run transactional tests last: they flush the database, and with it the coalition's
    organisations loaded by a data migration, which tests using the `db` fixture need. With
    workers, xdist's `load` scheduling hands each worker its tests in this order."""

    def transactional(item) -> bool:
        marker = item.get_closest_marker("django_db")
        return bool(marker and marker.kwargs.get("transaction"))

    items.sort(key=transactional)


@pytest.fixture(autouse=True, scope="session")
def _compiled_queries_checked():
    """Each query compiled once (coalition/compiled.py) is compared with what it compiles to
    afresh on every run, so a query whose SQL depends on more than its ids fails a test."""
    from coalition import compiled

    compiled.CHECKING = True


@pytest.fixture
def unchecked():
    """The check above off, to see what a compiled query's run compiles (nothing, once)."""
    from coalition import compiled

    compiled.CHECKING = False
    yield
    compiled.CHECKING = True


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Tasks run in the test's process, as without a broker; CI has REDIS_URL set for the one
    test that runs a real worker (tests/referrals/test_worker.py), which turns this off."""
    from coalition.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _reports_counted_fresh(settings):
    """No test reads or writes another's cached report (CI's Redis is shared between runs)."""
    settings.REPORTS_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _two_factor_off(settings):
    """Second factors are off unless a test is about them (tests/security/test_two_factor.py
    turns them on); a person who set one up is still asked for it."""
    settings.REQUIRE_TWO_FACTOR = False


@pytest.fixture(autouse=True)
def _default_language_after():
    """A request in Urdu leaves Urdu active in the thread (LocaleMiddleware activates and never
    deactivates): the next test starts in the default language, whatever ran before it."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def org_a(db) -> Organization:
    return Organization.objects.get(short_name="Sahil")


@pytest.fixture
def org_b(db) -> Organization:
    return Organization.objects.get(short_name="LAS")


@pytest.fixture
def secretariat(db) -> Organization:
    return Organization.objects.get(short_name="SSDO")


@pytest.fixture
def caseworker_a(org_a):
    return make_staff(org_a, Role.CASEWORKER, "a-caseworker")


@pytest.fixture
def caseworker_a2(org_a):
    return make_staff(org_a, Role.CASEWORKER, "a-caseworker2")


@pytest.fixture
def supervisor_a(org_a):
    return make_staff(org_a, Role.SUPERVISOR, "a-supervisor")


@pytest.fixture
def desk_a(org_a):
    return make_staff(org_a, Role.REFERRAL_DESK, "a-desk")


@pytest.fixture
def admin_a(org_a):
    return make_staff(org_a, Role.ORG_ADMIN, "a-admin")


@pytest.fixture
def caseworker_b(org_b):
    return make_staff(org_b, Role.CASEWORKER, "b-caseworker")


@pytest.fixture
def supervisor_b(org_b):
    return make_staff(org_b, Role.SUPERVISOR, "b-supervisor")


@pytest.fixture
def desk_b(org_b):
    return make_staff(org_b, Role.REFERRAL_DESK, "b-desk")


@pytest.fixture
def admin_b(org_b):
    return make_staff(org_b, Role.ORG_ADMIN, "b-admin")


@pytest.fixture
def analyst(secretariat):
    return make_staff(secretariat, Role.SECRETARIAT_ANALYST, "s-analyst")


@pytest.fixture
def secretariat_admin(secretariat):
    return make_staff(secretariat, Role.SECRETARIAT_ADMIN, "s-admin")


def client_for(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


@pytest.fixture
def as_user():
    """`as_user(staff)` is a test client signed in as that staff member."""
    return client_for
