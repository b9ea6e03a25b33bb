"""Who sees a referral, and how much of it.

A referral is seen by its sending organisation (its referral desk, and whoever sees the case in
full) and by whoever answers for it on the receiving side (cases.access.RECEIVING: the
receiving referral desk and supervisors, or the caseworker it names). What the case opens to the
receiver is the case's own business (cases.access reads the share an accepted referral writes);
here only the referral's own text: the receiver reads the reason and the person's summary while
the referral waits for its answer or while the case is open to them, and not after.
"""

from django.db.models import Q

from cases import access
from members.roles import HANDLE_REFERRALS, OPEN_CASE

from .models import Referral, Status


def works_referrals(user) -> bool:
    """Whether the referral pages are for the user at all: they refer cases or answer referrals."""
    return bool(access.facts_of(user).perms & {OPEN_CASE, HANDLE_REFERRALS})


def answers_referrals(user) -> bool:
    """Whether the user answers their organisation's incoming referrals (not only named ones)."""
    return HANDLE_REFERRALS in access.facts_of(user).perms


def referral_q(user) -> Q:
    facts = access.facts_of(user)
    if facts.organization_id is None:
        return access.NOTHING
    sent = Q(from_organization_id=facts.organization_id) & (
        access.DESK.q(facts, {"organization": "from_organization_id"})
        | access.full_q(user, prefix="case__")
    )
    received = access.receiving_q(facts, organization="to_organization_id", staff="assigned_to_id")
    return sent | received


def is_receiver(user, referral: Referral) -> bool:
    """Whether the user answers for the referral on the receiving side."""
    return access.receives(
        user, organization_id=referral.to_organization_id, staff_id=referral.assigned_to_id
    )


def reads_content(user, referral: Referral) -> bool:
    """The reason and the person's summary: the sender always; the receiver while the referral
    waits for an answer, or while the case is open to them through it."""
    if not is_receiver(user, referral):
        return access.facts_of(user).organization_id == referral.from_organization_id
    if referral.status == Status.PENDING:
        return True
    return referral.status == Status.ACCEPTED and referral.case_id in access.facts_of(user).shared
