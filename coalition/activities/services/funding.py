from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.models import AccessLog
from members.models import Organization

from .. import policy
from ..models import BidInterest, FundingCall
from ..vocabularies import BID_CLOSED
from .common import recorder, require

CALL_FIELDS = ("donor", "title", "theme", "deadline", "amount", "currency", "link", "notes")


@transaction.atomic
def post_call(
    *,
    by,
    donor: str,
    title: str,
    deadline: date,
    theme: str = "",
    amount: Decimal | None = None,
    currency: str = "USD",
    link: str = "",
    notes: str = "",
) -> FundingCall:
    staff = recorder(by)
    call = FundingCall(
        posted_by=staff.organization,
        donor=donor,
        title=title,
        theme=theme,
        deadline=deadline,
        amount=amount,
        currency=currency,
        link=link,
        notes=notes,
    )
    call.full_clean()
    call.save()
    log_action(by, AccessLog.Action.CREATE, call, verb="funding_call.posted")
    return call


@transaction.atomic
def update_call(
    *, call: FundingCall, by, lead: Organization | None = None, status: str | None = None, **changes
) -> FundingCall:
    """Change a call's details, its lead member (one of the members bidding) or its status."""
    unknown = set(changes) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    locked = FundingCall.objects.select_for_update().get(pk=call.pk)
    require(
        policy.may_manage_call(by, locked),
        _("Only the member that posted this call, its lead member or the secretariat can "
          "change it."),
    )  # fmt: skip
    changed = [name for name, value in changes.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, changes[name])
    if lead is not None and lead.pk != locked.lead_id:
        if not locked.interests.filter(organization=lead).exists():
            raise ValidationError(_("The lead member must be one of the members bidding."))
        locked.lead = lead
        changed.append("lead")
    if status is not None and status != locked.status:
        locked.status = status
        changed.append("status")
    locked.full_clean()
    if changed:
        locked.save(update_fields=changed)
    log_action(by, AccessLog.Action.CHANGE, locked, verb="funding_call.changed", fields=changed)
    return locked


@transaction.atomic
def join_bid(*, call: FundingCall, by) -> BidInterest:
    """Put the acting member's organisation forward for the joint bid."""
    staff = recorder(by)
    locked = FundingCall.objects.select_for_update().get(pk=call.pk)
    if locked.status in BID_CLOSED:
        raise ValidationError(_("This bid is closed to new members."))
    interest, created = BidInterest.objects.get_or_create(
        call=locked, organization=staff.organization
    )
    if created:
        log_action(by, AccessLog.Action.CHANGE, locked, verb="funding_call.joined")
    return interest


@transaction.atomic
def leave_bid(*, call: FundingCall, by) -> None:
    staff = recorder(by)
    locked = FundingCall.objects.select_for_update().get(pk=call.pk)
    if locked.lead_id == staff.organization_id:
        raise ValidationError(_("The lead member cannot leave the bid; choose another lead first."))
    deleted, _rows = BidInterest.objects.filter(
        call=locked, organization=staff.organization
    ).delete()
    if deleted:
        log_action(by, AccessLog.Action.CHANGE, locked, verb="funding_call.left")
