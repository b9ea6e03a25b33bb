"""Opening part of a case to someone outside its owner, and closing it again.

A share with another organisation is offered by the owner (when it refers the case), opened
when someone who answers for the receiving organisation accepts it, and ended by either side,
by a job, or at once when the survivor withdraws consent. A per-case grant opens the whole file,
read-only, to one named person. The access layer reads open shares; the opener's own record
(a referral, say) is known here only by its `key`.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.models import AccessLog
from members.access import access_changed, forget_access, staff_of
from members.models import Organization, Staff

from .. import access
from ..models import Case, CaseShare
from .common import history, lock_case, unscoped_cases

CONSENT_MISSING = _(
    "The survivor's recorded consent does not cover sharing with coalition members. Ask the "
    "person, then record their consent on the case page (Consent section) before referring."
)


def _locked_share(key: str) -> CaseShare:
    return CaseShare.objects.select_for_update().get(key=key)


@transaction.atomic
def offer_share(
    *, case: Case, by, organization: Organization, sections: list[str], key: str
) -> CaseShare:
    """The owner offers `sections` of the case to another organisation; nothing opens yet."""
    locked = lock_case(case, by, "refer")
    if not locked.can_share_with_coalition:
        raise ValidationError(CONSENT_MISSING)
    if organization.pk == locked.organization_id or not organization.active:
        raise ValidationError(_("Choose another active member organisation."))
    if set(sections) - access.ALL_SECTIONS:
        raise ValidationError(_("Unknown section to share."))
    return CaseShare.objects.create(
        case=locked,
        kind=CaseShare.Kind.ORGANIZATION,
        key=key,
        organization=organization,
        sections=[s for s in access.SECTIONS if s in sections],
        offered_by=by,
    )


@transaction.atomic
def open_share(*, key: str, by, staff: Staff | None = None) -> CaseShare:
    """Someone who answers for the receiving organisation takes the offer up."""
    case_id = CaseShare.objects.values_list("case_id", flat=True).get(key=key)
    case = unscoped_cases().select_for_update(of=("self",)).get(pk=case_id)  # case, then share
    share = _locked_share(key)
    forget_access(by)
    if not access.receives(by, organization_id=share.organization_id):
        raise PermissionDenied
    if staff is not None and staff.organization_id != share.organization_id:
        raise ValidationError(_("Choose a caseworker of your organisation."))
    if not case.can_share_with_coalition:
        raise ValidationError(CONSENT_MISSING)
    if share.ended_at is not None or share.accepted_at is not None:
        raise ValidationError(_("This share is no longer on offer."))
    share.accepted_at, share.staff = timezone.now(), staff
    share.save(update_fields=["accepted_at", "staff"])
    access_changed()
    forget_access(by)
    return share


@transaction.atomic
def end_share(*, key: str, by) -> CaseShare:
    """Either side ends a share (or a job, `by=None`); ending an ended share changes nothing."""
    share = _locked_share(key)
    if by is not None:
        forget_access(by)
    if by is not None and not _may_end(by, share):
        raise PermissionDenied
    if share.ended_at is None:
        share.ended_at = timezone.now()
        share.save(update_fields=["ended_at"])
        access_changed()
    if by is not None:
        forget_access(by)
    return share


def _may_end(by, share: CaseShare) -> bool:
    if access.receives(by, organization_id=share.organization_id, staff_id=share.staff_id):
        return True
    case = unscoped_cases().get(pk=share.case_id)
    return "withdraw_referral" in access.access_to(by, case).allowed


def end_organisation_shares(case: Case) -> int:
    """Every share of `case` with another organisation ends now (consent was withdrawn)."""
    ended = CaseShare.objects.filter(
        case=case, kind=CaseShare.Kind.ORGANIZATION, ended_at=None
    ).update(ended_at=timezone.now())
    if ended:
        access_changed()
    return ended


@transaction.atomic
def grant_case_access(*, case: Case, by, grantee) -> CaseShare:
    """Let one named person of another member read this case file (a lawyer, say)."""
    locked = lock_case(case, by, "grant_access")
    staff = staff_of(grantee)
    forget_access(grantee)
    if (
        staff is None
        or staff.organization_id == locked.organization_id
        or not access.reads_cases(grantee)
    ):
        raise ValidationError(
            _("Choose a caseworker or supervisor of another member organisation.")
        )
    share = CaseShare.objects.create(
        case=locked,
        kind=CaseShare.Kind.GRANT,
        key=f"grant:{uuid.uuid4().hex}",
        grantee=grantee,
        sections=list(access.SECTIONS),
        offered_by=by,
        accepted_at=timezone.now(),
    )
    access_changed()
    forget_access(grantee)
    history(locked, by, "access_granted", "user", "", grantee.pk)
    log_action(by, AccessLog.Action.SHARE, locked, verb="case.access_granted", user=grantee.pk)
    return share


@transaction.atomic
def revoke_case_access(*, case: Case, by, grantee) -> int:
    locked = lock_case(case, by, "grant_access")
    ended = CaseShare.objects.filter(
        case=locked, kind=CaseShare.Kind.GRANT, grantee=grantee, ended_at=None
    ).update(ended_at=timezone.now())
    if ended:
        access_changed()
    forget_access(grantee)
    history(locked, by, "access_revoked", "user", grantee.pk, "")
    log_action(by, AccessLog.Action.SHARE, locked, verb="case.access_revoked", user=grantee.pk)
    return ended
