"""Test data builders. Names and numbers are obviously synthetic."""

from members.models import Organization, Staff
from members.provisioning import provision_staff

TEST_PASSWORD = "correct-horse-battery-staple"


def make_staff(organization: Organization, role: str, username: str, **fields) -> Staff:
    return provision_staff(
        organization=organization,
        username=username,
        role=role,
        password=TEST_PASSWORD,
        email=f"{username}@example.org",
        **fields,
    )
