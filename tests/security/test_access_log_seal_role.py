"""The application's database role appends seals and reads them, and changes none."""

import pytest
from django.db import connection
from psycopg import errors

from coalition.access_log_chain import seal_due_days
from coalition.audit import log_action
from coalition.models import AccessLog, AccessLogSeal
from tests.ops.test_database_roles import app_role, as_app  # noqa: F401 (fixtures)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are a PostgreSQL feature"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE coalition_accesslogseal SET entries = 0",
        "DELETE FROM coalition_accesslogseal",
        "TRUNCATE coalition_accesslogseal",
        "ALTER TABLE coalition_accesslogseal DISABLE TRIGGER ALL",
    ],
)
def test_the_app_role_cannot_change_a_seal(as_app, admin_a, statement):  # noqa: F811
    from datetime import timedelta

    from django.utils import timezone

    log_action(admin_a.user, AccessLog.Action.VIEW, admin_a)
    seal_due_days(now=timezone.now() + timedelta(days=2))
    before = list(AccessLogSeal.objects.values_list("day", "entries", "digest"))
    assert before
    assert as_app.execute("SELECT count(*) FROM coalition_accesslogseal").fetchone()[0] == len(
        before
    )
    with pytest.raises(errors.InsufficientPrivilege):
        as_app.execute(statement)
    assert list(AccessLogSeal.objects.values_list("day", "entries", "digest")) == before
