"""What a referral opens to the receiving organisation (used by cases/visibility.py)."""

from django.db.models import Q

NOTHING = Q(pk__in=[])


def referred_case_q(user) -> Q:
    """Cases the user's organisation holds an accepted, open referral on."""
    return NOTHING


def shared_child_q(user, model, path: str) -> Q:
    """Rows of `model` that a referral's sender chose to share with the user's organisation."""
    return NOTHING


def shared_sections(user, case) -> list[str]:
    """The case-file sections the referral(s) to the user's organisation share."""
    return []
