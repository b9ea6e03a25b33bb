"""Test data builders. Names and numbers are obviously synthetic."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Organization, Staff
from members.provisioning import provision_staff
from members.services.accounts import update_staff

TEST_PASSWORD = "correct-horse-battery-staple"
# A signed-in page reads its session with a query, unless sessions are read from the cache
# (with Redis, as in CI and production).
SESSION_QUERIES = 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


def make_staff(organization: Organization, role: str, username: str, **fields) -> Staff:
    return provision_staff(
        organization=organization,
        username=username,
        role=role,
        password=TEST_PASSWORD,
        email=f"{username}@example.org",
        **fields,
    )


def rename_staff(staff: Staff, *, by: Staff, first_name: str, last_name: str) -> None:
    """As an admin renames an account, through the service: its other details kept."""
    update_staff(
        staff=staff,
        by=by.user,
        first_name=first_name,
        last_name=last_name,
        email=staff.user.email,
        team=staff.team,
        language=staff.language,
        phone=staff.phone,
    )


def rows_query(client, url: str, table: str) -> str:
    """The SQL of the one query reading `table`'s rows when `url` is visited a second time
    (the first keeps what the page keeps)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    rows = [q["sql"] for q in queries if q["sql"].startswith(f'SELECT "{table}"."id"')]
    assert len(rows) == 1, rows
    return rows[0]
