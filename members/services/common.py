"""What the account services share: reading the actor, locking, granting, telling the owner."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from coalition.audit import log_action
from coalition.models import AccessLog
from coalition.notifications import notify

from .. import accounts_policy as policy
from ..access import access_changed, forget_access
from ..models import Organization, OrganizationUserObjectPermission, RoleChangeRequest, Staff
from ..queries import account_of
from ..roles import ROLE_PERMISSIONS, Role
from ..sessions import end_sessions
from ..tasks import send_account_notice, send_password_link


def grant_role(*, user: AbstractUser, organization: Organization, role: str) -> None:
    """Make the user's permissions on their organisation exactly those of `role`."""
    OrganizationUserObjectPermission.objects.filter(user=user).delete()
    for codename in sorted(ROLE_PERMISSIONS[role]):
        assign_perm(f"members.{codename}", user, organization)
    access_changed()
    forget_access(user)


def acting_account(by: AbstractUser | None) -> policy.Account:
    """How the policy sees the acting person, read fresh from the database."""
    staff = None
    if by is not None and by.pk:
        staff = Staff.objects.select_related("user", "organization").filter(user_id=by.pk).first()
    if staff is None:
        raise PermissionDenied(_("Only a staff member can manage accounts."))
    return account_of(staff)


def lock_organization(organization: Organization) -> Organization:
    """Locking the organisation makes decisions that count its admins and supervisors one at a
    time (two secretariat admins inviting a first org admin at once)."""
    return Organization.objects.select_for_update().get(pk=organization.pk)


def lock_staff(staff: Staff) -> Staff:
    """Lock the account's organisation, then its staff and user rows, and read them again.
    Every account write locks in this order, so those that count who is active in an
    organisation (its org admins, its supervisors) decide one at a time."""
    lock_organization(staff.organization)
    return (
        Staff.objects.select_for_update(of=("self", "user"))
        .select_related("user", "organization", "team")
        .get(pk=staff.pk)
    )


def pending_request(staff: Staff) -> RoleChangeRequest | None:
    return RoleChangeRequest.objects.filter(
        staff=staff, status=RoleChangeRequest.Status.PENDING
    ).first()


def role_label(role: str, language: str) -> str:
    with translation.override(language):
        return str(Role(role).label)


def tell_owner(staff: Staff, kind: str, *, entry: AccessLog, **params) -> None:
    """Tell the account's owner what happened to their account: in the app and by email while
    the account is on, by email alone once it is off (they can no longer sign in)."""
    user = staff.user
    if user.is_active:
        notify([user], kind, link=reverse("home"), dedupe_key=f"account:{entry.pk}", **params)
    elif user.email:
        send_account_notice.delay_on_commit(user.email, staff.language, kind, params)


def queue_password_link(staff: Staff, *, invitation: bool, by: AbstractUser) -> None:
    send_password_link.delay_on_commit(staff.user_id, invitation, by.get_username())


def apply_role(*, staff: Staff, by: AbstractUser, role: str, verb: str, **details) -> None:
    """Write a role the caller has been allowed to give; the caller holds the lock."""
    old_role = staff.role
    staff.role = role
    staff.full_clean()
    staff.save(update_fields=["role"])
    grant_role(user=staff.user, organization=staff.organization, role=role)
    end_sessions(staff.user)
    entry = log_action(
        by, AccessLog.Action.CHANGE, staff, verb=verb, old_role=old_role, role=role, **details
    )
    tell_owner(
        staff,
        "account_role_changed",
        entry=entry,
        by=by.get_username(),
        old_role=role_label(old_role, staff.language),
        role=role_label(role, staff.language),
    )


def activate(
    *, staff: Staff, by: AbstractUser, verb: str, tell: bool = True, **details
) -> AccessLog:
    """Switch on an account the caller has been allowed to switch on; the caller holds the lock."""
    user = staff.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    grant_role(user=user, organization=staff.organization, role=staff.role)
    entry = log_action(by, AccessLog.Action.CHANGE, staff, verb=verb, role=staff.role, **details)
    if tell:
        tell_owner(staff, "account_reactivated", entry=entry, by=by.get_username())
    return entry
