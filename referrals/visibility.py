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
    return _seen_q(facts, cases_in_full=access.full_q(user, prefix="case__"))


def case_referral_q(user, case_access: access.CaseAccess) -> Q:
    """`referral_q` for the referrals of the one case `case_access` answers for (`access_to`),
    which the case page already holds: whether the user sees that case in full is decided, so
    the condition is on the referrals' own columns, with no join to the cases."""
    facts = access.facts_of(user)
    if facts.organization_id is None or not case_access.visible:
        return access.NOTHING
    return one_case_referral_q(facts, case_access.case_id, seen_in_full=case_access.full)


def one_case_referral_q(facts: access.Facts, case_id: int, *, seen_in_full: bool) -> Q:
    """`case_referral_q` for a case the user sees (`seen_in_full`, or only through a share):
    it reads the user's organisation, staff id and permissions, no other fact."""
    on_case = Q(case_id=case_id)
    seen = _seen_q(facts, cases_in_full=on_case if seen_in_full else access.NOTHING)
    return access.both(on_case, seen)


def _seen_q(facts: access.Facts, *, cases_in_full: Q) -> Q:
    """Sent by the user's organisation and seen by its referral desk or by whoever sees the case
    in full (`cases_in_full`: the referrals whose case the user does); or answered for by the
    user on the receiving side."""
    desk = access.DESK.q(facts, {"organization": "from_organization_id"})
    sent = access.both(
        Q(from_organization_id=facts.organization_id), access.either([desk, cases_in_full])
    )
    received = access.receiving_q(facts, organization="to_organization_id", staff="assigned_to_id")
    return access.either([sent, received])


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
