"""A case transferred to another member takes its referrals along.

cases.transfer.services.accept_transfer sends cases.signals.case_transferred inside its
transaction; here every referral the old owner sent on the case becomes the new owner's, so
that its desk and supervisors follow them and the old owner's no longer do. A referral the old
owner sent to the new owner stays as it was: it is history between the two.
"""

from coalition.audit import log_action
from coalition.models import AccessLog

from .models import Referral


def follow_the_new_owner(sender, *, case, from_organization_id: int, by, **kwargs) -> None:
    moved = (
        Referral.objects.with_scopes_disabled()
        .filter(case=case, from_organization_id=from_organization_id)
        .exclude(to_organization_id=case.organization_id)
    )
    ids = list(moved.values_list("pk", flat=True))
    if not ids:
        return
    Referral.objects.with_scopes_disabled().filter(pk__in=ids).update(
        from_organization_id=case.organization_id
    )
    log_action(
        by,
        AccessLog.Action.CHANGE,
        case,
        verb="referral.followed_transfer",
        referrals=ids,
        from_organization=from_organization_id,
    )
