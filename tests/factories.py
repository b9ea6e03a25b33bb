"""Test data builders. Names and numbers are obviously synthetic."""

from django.conf import settings

from members.models import Organization, Staff
from members.provisioning import provision_staff

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
