"""The application's database role reads and writes rows but owns no table: it cannot switch off
the access log's append-only trigger, truncate it, or change or delete its rows."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import errors

from coalition.audit import log_action
from coalition.models import AccessLog

from . import pg

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are a PostgreSQL feature"
)


@pytest.fixture
def app_role():
    """A login role for the application, granted by the command, dropped afterwards."""
    role = f"{pg.base_name()}_app"
    database = connection.settings_dict["NAME"]
    pg.create_role(role, (database,))
    call_command("grant_app_role", role, stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield role
    pg.drop_role(role, (database,))


@pytest.fixture
def as_app(app_role):
    with pg.connect(connection.settings_dict["NAME"], user=app_role) as conn:
        yield conn


@pytest.fixture
def logged(admin_a):
    log_action(actor=admin_a.user, action=AccessLog.Action.VIEW, target=admin_a)
    return AccessLog.objects.latest("id")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE coalition_accesslog DISABLE TRIGGER coalition_accesslog_no_update",
        "ALTER TABLE coalition_accesslog DISABLE TRIGGER ALL",
        "TRUNCATE coalition_accesslog",
        "UPDATE coalition_accesslog SET verb = 'forged'",
        "DELETE FROM coalition_accesslog",
        "DROP TABLE coalition_accesslog",
        "SET session_replication_role = replica",
        "CREATE TABLE public.smuggled (id int)",
    ],
)
def test_the_app_role_cannot_tamper_with_the_access_log(as_app, logged, statement):
    with pytest.raises(errors.InsufficientPrivilege):
        as_app.execute(statement)
    assert AccessLog.objects.get(pk=logged.pk).verb == logged.verb


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_app_role_reads_and_appends_to_the_access_log(as_app, logged):
    before = AccessLog.objects.count()
    assert as_app.execute("SELECT count(*) FROM coalition_accesslog").fetchone()[0] == before
    as_app.execute(
        "INSERT INTO coalition_accesslog (at, action, verb, target_type, target_label, details)"
        " VALUES (now(), 'view', 'viewed', 'staff', 'x', '{}')"
    )
    assert AccessLog.objects.count() == before + 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_app_role_does_its_normal_work_on_other_tables(as_app, org_a):
    as_app.execute(
        "INSERT INTO django_session (session_key, session_data, expire_date)"
        " VALUES ('k' || repeat('x', 31), 'data', now())"
    )
    as_app.execute("UPDATE django_session SET session_data = 'changed'")
    as_app.execute("DELETE FROM django_session")
    row = as_app.execute(
        "SELECT short_name FROM members_organization WHERE id = %s", [org_a.pk]
    ).fetchone()
    assert row == ("Sahil",)
    as_app.execute("UPDATE members_organization SET name = name WHERE id = %s", [org_a.pk])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_granting_twice_changes_nothing(app_role, as_app):
    call_command("grant_app_role", app_role, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(errors.InsufficientPrivilege):
        as_app.execute("DELETE FROM coalition_accesslog")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_refuses_a_superuser_or_a_role_that_owns_tables():
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_app_role", "postgres")
    with pytest.raises(CommandError, match="no database role"):
        call_command("grant_app_role", "nobody_here_at_all")
    with pytest.raises(CommandError, match="plain role name"):
        call_command("grant_app_role", 'x"; DROP TABLE coalition_accesslog; --')
