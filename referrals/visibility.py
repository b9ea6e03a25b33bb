"""What a referral opens to the receiving organisation, and who sees a referral at all.

Used by cases/visibility.py: a case is visible to a receiving organisation's referral desk and
supervisors (and the caseworker it assigned) while a referral on it is accepted and the survivor's
consent to share with coalition members stands. When the referral ends, or consent is withdrawn,
the case disappears for them; what they recorded themselves stays theirs (cases/visibility.py).
"""

from django.db.models import Q

from members.access import has_org_perm, staff_of
from members.roles import HANDLE_REFERRALS

from .models import Referral, Status

NOTHING = Q(pk__in=[])

# The case-file section each kind of row belongs to, for what a referral shares.
SECTION_OF_MODEL = {
    "note": "notes",
    "document": "documents",
    "servicedelivery": "services",
    "legalproceeding": "legal",
    "hearing": "legal",
}
SECTION_OF_FACET = {"exploitation": "exploitation", "control": "exploitation", "need": "needs"}


def _receiving_q(user) -> Q:
    """Referrals addressed to the user's organisation that the user works."""
    staff = staff_of(user)
    if staff is None:
        return NOTHING
    mine = Q(to_organization_id=staff.organization_id)
    if has_org_perm(user, HANDLE_REFERRALS):
        return mine
    return mine & Q(assigned_to_id=staff.pk)


def active_referrals(user):
    """Accepted referrals to the user, on cases whose consent to share still stands."""
    return Referral.objects.with_scopes_disabled().filter(
        _receiving_q(user),
        status=Status.ACCEPTED,
        case__consent_share_coalition=True,
        case__consent_withdrawn_at__isnull=True,
    )


def referred_case_q(user) -> Q:
    # An id list read once per request, not a subquery: see cases/visibility.py _access_ids.
    ids = getattr(user, "_referred_case_ids", None)
    if ids is None:
        ids = list(active_referrals(user).values_list("case_id", flat=True))
        user._referred_case_ids = ids
    return Q(pk__in=ids)


def shared_child_q(user, model, path: str) -> Q:
    """Rows of `model` on referred cases, in the sections their referral shares."""
    name = model._meta.model_name
    if name == "casefacet":
        query = NOTHING
        for facet, section in SECTION_OF_FACET.items():
            cases = active_referrals(user).filter(**{f"share_{section}": True}).values("case_id")
            query |= Q(facet=facet, case__in=cases)
        return query
    section = SECTION_OF_MODEL.get(name)
    if section is None:
        return NOTHING
    cases = active_referrals(user).filter(**{f"share_{section}": True}).values("case_id")
    query = Q(**{f"{path}__in": cases})
    if any(f.name == "confidential" for f in model._meta.concrete_fields):
        query &= Q(confidential=False)
    return query


def shared_sections(user, case) -> list[str]:
    """The sections of `case` that the user's accepted referrals share (their union)."""
    sections: set[str] = set()
    for referral in active_referrals(user).filter(case=case):
        sections.update(referral.shared_sections)
    return sorted(sections)


def referral_visibility_q(user) -> Q:
    """Referrals the user may see: sent by their organisation on a case they can see fully (or
    by anyone at their referral desk), and received by their organisation as _receiving_q says."""
    from cases.visibility import full_access_q

    staff = staff_of(user)
    if staff is None:
        return NOTHING
    sent = Q(from_organization_id=staff.organization_id)
    if not has_org_perm(user, HANDLE_REFERRALS):
        sent &= full_access_q(user, prefix="case__")
    return sent | _receiving_q(user)
