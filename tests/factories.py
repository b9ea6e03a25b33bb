"""Test data builders. Names and numbers are obviously synthetic."""

from members import services
from members.models import Organization, Staff

TEST_PASSWORD = "correct-horse-battery-staple"


def make_staff(organization: Organization, role: str, username: str, **fields) -> Staff:
    return services.create_staff(
        organization=organization,
        by=None,
        username=username,
        role=role,
        password=TEST_PASSWORD,
        email=f"{username}@example.org",
        **fields,
    )
