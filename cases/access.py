"""What one person may see and do on one case they can see."""

from dataclasses import dataclass

from members.access import has_org_perm, staff_of
from members.roles import APPROVE_CLOSURE, ASSIGN_CASES, OPEN_CASE

from .models import Case

# The case file's sections, in page order. A referral shares a chosen subset of them.
SECTIONS = (
    "survivor",
    "contact",
    "exploitation",
    "needs",
    "legal",
    "services",
    "notes",
    "documents",
)


# What a receiving organisation records itself on a referred case, whatever the referral shares.
RECORDED_BY_RECEIVER = frozenset({"services", "notes", "documents"})


@dataclass(frozen=True)
class CaseAccess:
    full: bool  # the owning organisation (by role) or a per-case grant
    sections: frozenset[str]
    can_edit: bool
    can_assign: bool
    can_approve: bool
    can_record: bool  # add notes, documents and services (also a receiving organisation)
    receiving: bool = False  # seen through an accepted referral: records its own work

    def can_open(self, section: str) -> bool:
        """A section's page: shared with the user, or one where a receiver records its work."""
        return self.shows(section) or (self.receiving and section in RECORDED_BY_RECEIVER)

    def shows(self, section: str) -> bool:
        return section in self.sections


def access_to(user, case: Case) -> CaseAccess:
    """`case` was fetched through visible_to(user); this says how much of it the user gets."""
    from referrals.visibility import shared_sections

    staff = staff_of(user)
    full = Case.objects.full_access(user).filter(pk=case.pk).exists()
    own = staff is not None and staff.organization_id == case.organization_id
    sections = frozenset(SECTIONS) if full else frozenset(shared_sections(user, case))
    return CaseAccess(
        full=full,
        sections=sections,
        can_edit=own and full and has_org_perm(user, OPEN_CASE) and not case.is_closed,
        can_assign=own and has_org_perm(user, ASSIGN_CASES),
        can_approve=own and has_org_perm(user, APPROVE_CLOSURE),
        can_record=not case.is_closed,
        receiving=not full,
    )
