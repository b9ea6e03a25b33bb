"""Write paths for staff accounts. Every one asks members.accounts_policy first.

Nobody sets another person's password here: a new account gets an unusable password and a
one-time link to its own email, and so does a reset. A change that would give case access to
someone the actor may not give it to directly waits for confirmation (members.services.requests).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.audit import log_action
from coalition.models import AccessLog

from .. import accounts_policy as policy
from ..access import access_changed, forget_access
from ..labels import names_changed
from ..models import Organization, RoleChangeRequest, Staff, Team
from ..queries import account_of, place_of
from ..sessions import end_sessions
from ..tasks import send_account_notice
from .common import (
    acting_account,
    activate,
    apply_role,
    grant_role,
    lock_organization,
    lock_staff,
    pending_request,
    queue_password_link,
    tell_owner,
)
from .requests import open_request, withdraw_request

User = get_user_model()

# The details an admin may change, as the owner is told about them.
DETAIL_FIELDS = {
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "email": gettext_lazy("Email"),
    "phone": gettext_lazy("Phone"),
    "team": gettext_lazy("Team"),
    "language": gettext_lazy("Language"),
}


@transaction.atomic
def create_staff(
    *,
    organization: Organization,
    by: AbstractUser,
    username: str,
    role: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    language: str = Staff.Language.ENGLISH,
    team: Team | None = None,
    phone: str = "",
) -> Staff:
    """A new account, with no password: its owner gets a link to choose one. A role that the
    actor may not give directly waits, with the account switched off, for a supervisor."""
    organization = lock_organization(organization)
    actor = acting_account(by)
    grant = policy.role_grant(actor, place_of(organization), role)
    if grant is None:
        raise PermissionDenied(_("You may not create an account with this role here."))
    if not email:
        raise ValidationError(
            {"email": _("A new account needs its owner's email: the invitation is sent there.")}
        )
    if team is not None and team.organization_id != organization.pk:
        raise ValidationError({"team": _("Choose a team of this organisation.")})
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_active=grant is policy.Grant.DIRECT,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    staff = Staff(
        user=user, organization=organization, role=role, team=team, language=language, phone=phone
    )
    staff.full_clean()
    staff.save()
    if grant is policy.Grant.DIRECT:
        grant_role(user=user, organization=organization, role=role)
        log_action(by, AccessLog.Action.CREATE, staff, verb="staff.created", role=role)
        queue_password_link(staff, invitation=True, by=by)
    else:
        log_action(
            by,
            AccessLog.Action.CREATE,
            staff,
            verb="staff.created",
            role=role,
            awaiting_confirmation=True,
        )
        open_request(staff=staff, by=by, kind=RoleChangeRequest.Kind.NEW_ACCOUNT, to_role=role)
    return staff


@transaction.atomic
def update_staff(
    *,
    staff: Staff,
    by: AbstractUser,
    first_name: str,
    last_name: str,
    email: str,
    team: Team | None,
    language: str,
    phone: str = "",
    role: str | None = None,
) -> str | None:
    """Change an account's details and, when `role` differs, its role (see change_role).
    Returns what happened to the role: None, "changed" or "requested"."""
    staff = lock_staff(staff)
    actor = acting_account(by)
    target = account_of(staff, pending=pending_request(staff) is not None)
    actions = policy.account_actions(actor, target, place_of(staff.organization))
    if policy.EDIT_DETAILS not in actions:
        raise PermissionDenied(_("You may not change this account."))
    user = staff.user
    if email != user.email and policy.CHANGE_EMAIL not in actions:
        raise ValidationError(
            {
                "email": _(
                    "Only someone who reads as much as this account may change its email, or "
                    "its password link could be sent elsewhere."
                )
            }
        )
    if not email and user.email:
        raise ValidationError({"email": _("An account needs its owner's email.")})
    if team is not None and team.organization_id != staff.organization_id:
        raise ValidationError({"team": _("Choose a team of this organisation.")})
    old_email = user.email
    before = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": staff.phone,
        "team": staff.team_id,
        "language": staff.language,
    }
    user.first_name, user.last_name, user.email = first_name, last_name, email
    staff.team, staff.language, staff.phone = team, language, phone
    after = {
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "phone": phone,
        "team": team.pk if team else None,
        "language": language,
    }
    changed = sorted(name for name in DETAIL_FIELDS if before[name] != after[name])
    if changed:
        user.full_clean()
        user.save(update_fields=["first_name", "last_name", "email"])
        staff.full_clean()
        staff.save(update_fields=["team", "language", "phone"])
        if "team" in changed:
            access_changed()
        if {"first_name", "last_name"} & set(changed):
            names_changed()
        forget_access(user)  # the team decides which cases a caseworker sees
        entry = log_action(by, AccessLog.Action.CHANGE, staff, verb="staff.updated", fields=changed)
        with translation.override(staff.language):
            labels = ", ".join(str(DETAIL_FIELDS[name]) for name in changed)
        notice = {"by": by.get_username(), "fields": labels, "username": user.get_username()}
        tell_owner(staff, "account_details_changed", entry=entry, **notice)
        if "email" in changed and old_email:
            send_account_notice.delay_on_commit(
                old_email, staff.language, "account_email_changed", notice
            )
    if role is not None and role != staff.role:
        return change_role(staff=staff, by=by, role=role)
    return None


@transaction.atomic
def change_role(*, staff: Staff, by: AbstractUser, role: str) -> str:
    """Give the account another role: at once when it adds nothing the actor does not read
    themselves, else as a request for a supervisor. Returns "changed" or "requested"."""
    staff = lock_staff(staff)
    actor = acting_account(by)
    if staff.user_id == by.pk:
        raise PermissionDenied(_("You cannot change your own role."))
    if pending_request(staff) is not None:
        raise ValidationError(_("A change to this account is waiting for confirmation already."))
    target = account_of(staff)
    place = place_of(staff.organization)
    grant = policy.role_grant(actor, place, role, target)
    if policy.CHANGE_ROLE not in policy.account_actions(actor, target, place) or grant is None:
        raise PermissionDenied(_("You may not give this role to this account."))
    if grant is policy.Grant.CONFIRM:
        open_request(staff=staff, by=by, kind=RoleChangeRequest.Kind.ROLE_CHANGE, to_role=role)
        return "requested"
    apply_role(staff=staff, by=by, role=role, verb="staff.role_changed")
    return "changed"


@transaction.atomic
def set_staff_active(*, staff: Staff, by: AbstractUser, active: bool) -> str:
    """Switch an account off (at once, and its sessions end) or on again (like giving its role
    anew). Returns "deactivated", "reactivated" or "requested"."""
    staff = lock_staff(staff)
    actor = acting_account(by)
    if staff.user_id == by.pk:
        raise PermissionDenied(_("You cannot switch off or on your own account."))
    pending = pending_request(staff)
    target = account_of(staff, pending=pending is not None)
    place = place_of(staff.organization)
    user = staff.user
    if not active:
        if policy.DEACTIVATE not in policy.account_actions(actor, target, place):
            raise PermissionDenied(_("You may not switch off this account."))
        if pending is not None:
            withdraw_request(request=pending, by=by)
        user.is_active = False
        user.save(update_fields=["is_active"])
        access_changed()
        end_sessions(user)
        entry = log_action(by, AccessLog.Action.CHANGE, staff, verb="staff.deactivated")
        tell_owner(staff, "account_deactivated", entry=entry, by=by.get_username())
        return "deactivated"
    if pending is not None:
        raise ValidationError(_("A change to this account is waiting for confirmation already."))
    # Switching an account back on gives its role's reads again: granted like the role.
    grant = policy.role_grant(actor, place, staff.role, target)
    if policy.REACTIVATE not in policy.account_actions(actor, target, place) or grant is None:
        raise PermissionDenied(_("You may not switch this account on."))
    if grant is policy.Grant.CONFIRM:
        open_request(
            staff=staff, by=by, kind=RoleChangeRequest.Kind.REACTIVATION, to_role=staff.role
        )
        return "requested"
    activate(staff=staff, by=by, verb="staff.reactivated")
    return "reactivated"


@transaction.atomic
def send_password_link(*, staff: Staff, by: AbstractUser) -> Staff:
    """Email the account's owner a one-time link to choose a new password. Their current
    password keeps working until they do; nobody else learns either."""
    staff = lock_staff(staff)
    actor = acting_account(by)
    target = account_of(staff, pending=pending_request(staff) is not None)
    if policy.SEND_PASSWORD_LINK not in policy.account_actions(
        actor, target, place_of(staff.organization)
    ):
        raise PermissionDenied(_("You may not send a password link to this account."))
    if not staff.user.email:
        raise ValidationError(_("This account has no email to send the link to."))
    log_action(by, AccessLog.Action.CHANGE, staff, verb="staff.password_link_sent")
    queue_password_link(staff, invitation=not staff.user.has_usable_password(), by=by)
    return staff


@transaction.atomic
def set_language(*, staff: Staff, language: str) -> Staff:
    """The person's own choice of language, from the language switch."""
    staff.language = language
    staff.full_clean()
    staff.save(update_fields=["language"])
    return staff
