"""Read paths for referrals, scoped to the person asking."""


def referrals_of_case(user, case) -> list:
    """Referrals on a case that the user may see."""
    return []
