"""Changes that give case access and wait for a supervisor of the organisation to confirm them."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.models import AccessLog
from coalition.notifications import notify

from .. import accounts_policy as policy
from ..models import RoleChangeRequest, Staff
from ..queries import account_of, place_of
from ..roles import Role
from .common import (
    acting_account,
    activate,
    apply_role,
    lock_organization,
    lock_staff,
    queue_password_link,
    role_label,
    tell_owner,
)

CONFIRMED, REFUSED = "confirmed", "refused"


def _confirmers(request: RoleChangeRequest) -> list:
    """Everyone who may decide the request, so that they hear of it."""
    place = place_of(request.organization)
    candidates = Staff.objects.filter(
        Q(organization=request.organization, role=policy.CONFIRMING_ROLE)
        | Q(role=Role.SECRETARIAT_ADMIN),
        user__is_active=True,
    ).select_related("user", "organization")
    target = account_of(request.staff, pending=True)
    return [
        candidate
        for candidate in candidates
        if policy.may_decide(
            account_of(candidate),
            requested_by_id=request.requested_by_id,
            target=target,
            to_role=request.to_role,
            place=place,
        )
    ]


def open_request(*, staff: Staff, by: AbstractUser, kind: str, to_role: str) -> RoleChangeRequest:
    """Record a change the actor may ask for but not make; the caller holds the staff lock and
    has asked the policy. The account's owner and everyone who may confirm it are told."""
    request = RoleChangeRequest(
        staff=staff,
        organization=staff.organization,
        kind=kind,
        from_role="" if kind == RoleChangeRequest.Kind.NEW_ACCOUNT else staff.role,
        to_role=to_role,
        requested_by=by,
    )
    request.full_clean()
    request.save()
    entry = log_action(
        by,
        AccessLog.Action.CREATE,
        staff,
        verb="staff.role_change_requested",
        request=request.pk,
        kind=kind,
        from_role=request.from_role,
        role=to_role,
    )
    if kind == RoleChangeRequest.Kind.ROLE_CHANGE:
        tell_owner(
            staff,
            "account_role_requested",
            entry=entry,
            by=by.get_username(),
            role=role_label(to_role, staff.language),
        )
    for confirmer in _confirmers(request):
        notify(
            [confirmer.user],
            "role_request_waiting",
            link=reverse("members:role_requests"),
            dedupe_key=f"role-request:{request.pk}",
            by=by.get_username(),
            username=staff.user.get_username(),
            role=role_label(to_role, confirmer.language),
            org=staff.organization.short_name,
        )
    return request


def withdraw_request(*, request: RoleChangeRequest, by: AbstractUser) -> None:
    """The account was switched off while a change waited: the change no longer applies."""
    request.status = RoleChangeRequest.Status.WITHDRAWN
    request.decided_by, request.decided_at = by, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    log_action(
        by,
        AccessLog.Action.CHANGE,
        request.staff,
        verb="staff.role_change_withdrawn",
        request=request.pk,
    )


@transaction.atomic
def decide_role_request(*, request: RoleChangeRequest, by: AbstractUser, confirm: bool) -> str:
    """Confirm (the change applies now) or refuse a waiting request. The person who asked, and
    the account itself, can never decide it."""
    lock_organization(request.organization)
    request = (
        RoleChangeRequest.objects.select_for_update()
        .select_related("organization")
        .get(pk=request.pk)
    )
    staff = lock_staff(request.staff)
    actor = acting_account(by)
    if not policy.may_decide(
        actor,
        requested_by_id=request.requested_by_id,
        target=account_of(staff, pending=True),
        to_role=request.to_role,
        place=place_of(request.organization),
    ):
        raise PermissionDenied(_("You may not decide this request."))
    if request.status != RoleChangeRequest.Status.PENDING:
        raise ValidationError(_("This request has been decided already."))
    if request.kind == RoleChangeRequest.Kind.ROLE_CHANGE and staff.role != request.from_role:
        raise ValidationError(_("The account's role changed since the request was made."))
    request.status = (
        RoleChangeRequest.Status.CONFIRMED if confirm else RoleChangeRequest.Status.REFUSED
    )
    request.decided_by, request.decided_at = by, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    details = {"request": request.pk, "requested_by": request.requested_by_id}
    if confirm:
        _apply(request, staff, by, details)
    else:
        entry = log_action(
            by,
            AccessLog.Action.CHANGE,
            staff,
            verb="staff.role_change_refused",
            role=request.to_role,
            **details,
        )
        if request.kind == RoleChangeRequest.Kind.ROLE_CHANGE:
            tell_owner(
                staff,
                "account_role_refused",
                entry=entry,
                by=by.get_username(),
                role=role_label(request.to_role, staff.language),
            )
    requester = request.requested_by
    notify(
        [requester],
        "role_request_confirmed" if confirm else "role_request_refused",
        link=reverse("members:staff", kwargs={"org": request.organization.short_name}),
        dedupe_key=f"role-request-decided:{request.pk}",
        by=by.get_username(),
        username=staff.user.get_username(),
    )
    return CONFIRMED if confirm else REFUSED


def _apply(request: RoleChangeRequest, staff: Staff, by: AbstractUser, details: dict) -> None:
    verb = "staff.role_change_confirmed"
    if request.kind == RoleChangeRequest.Kind.ROLE_CHANGE:
        apply_role(staff=staff, by=by, role=request.to_role, verb=verb, **details)
        return
    if request.kind == RoleChangeRequest.Kind.NEW_ACCOUNT:
        # The invitation is the owner's first word of the account: no separate notice.
        activate(staff=staff, by=by, verb=verb, tell=False, **details)
        queue_password_link(staff, invitation=True, by=request.requested_by)
    else:
        activate(staff=staff, by=by, verb=verb, **details)
