import pytest

from members.roles import Role
from tests.factories import make_staff


@pytest.fixture
def hotline(secretariat):
    """The secretariat's helpline desk."""
    return make_staff(secretariat, Role.HELPLINE_DESK, "s-helpline")


@pytest.fixture
def hotline_a(org_a):
    """A member's own helpline desk."""
    return make_staff(org_a, Role.HELPLINE_DESK, "a-helpline")


CALL = {
    "caller_type": "family",
    "language": "ur",
    "request": "legal_aid",
    "outcome": "information_given",
    "province": "punjab",
    "district": "Kasur",
    "duration_minutes": 4,
}
