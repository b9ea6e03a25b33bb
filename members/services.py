"""Write paths for organisations, staff and the services they offer.

Each function is keyword-only, runs in one transaction and writes one access-log entry.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from guardian.shortcuts import assign_perm

from coalition.audit import log_action
from coalition.models import AccessLog

from .access import forget_access
from .models import Organization, OrganizationUserObjectPermission, ServiceOffering, Staff, Team
from .roles import ROLE_PERMISSIONS

User = get_user_model()


def _grant_role(*, user: AbstractUser, organization: Organization, role: str) -> None:
    """Make the user's permissions on their organisation exactly those of `role`."""
    OrganizationUserObjectPermission.objects.filter(user=user).delete()
    for codename in sorted(ROLE_PERMISSIONS[role]):
        assign_perm(f"members.{codename}", user, organization)
    forget_access(user)


@transaction.atomic
def create_staff(
    *,
    organization: Organization,
    by: AbstractUser | None,
    username: str,
    role: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    language: str = Staff.Language.ENGLISH,
    team: Team | None = None,
    phone: str = "",
) -> Staff:
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    staff = Staff(
        user=user,
        organization=organization,
        role=role,
        team=team,
        language=language,
        phone=phone,
    )
    staff.full_clean()
    staff.save()
    _grant_role(user=user, organization=organization, role=role)
    log_action(by, AccessLog.Action.CREATE, staff, verb="staff.created", role=role)
    return staff


@transaction.atomic
def update_staff(
    *,
    staff: Staff,
    by: AbstractUser | None,
    role: str,
    team: Team | None,
    language: str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
) -> Staff:
    user = staff.user
    old_role = staff.role
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.full_clean()
    user.save(update_fields=["first_name", "last_name", "email"])
    staff.role, staff.team, staff.language, staff.phone = role, team, language, phone
    staff.full_clean()
    staff.save(update_fields=["role", "team", "language", "phone"])
    if role != old_role:
        _grant_role(user=user, organization=staff.organization, role=role)
    forget_access(user)  # the team may have changed
    log_action(
        by, AccessLog.Action.CHANGE, staff, verb="staff.updated", old_role=old_role, role=role
    )
    return staff


@transaction.atomic
def set_staff_active(*, staff: Staff, by: AbstractUser | None, active: bool) -> Staff:
    user = staff.user
    user.is_active = active
    user.save(update_fields=["is_active"])
    log_action(
        by,
        AccessLog.Action.CHANGE,
        staff,
        verb="staff.reactivated" if active else "staff.deactivated",
    )
    return staff


@transaction.atomic
def set_staff_password(*, staff: Staff, by: AbstractUser | None, password: str) -> Staff:
    staff.user.set_password(password)
    staff.user.save(update_fields=["password"])
    log_action(by, AccessLog.Action.CHANGE, staff, verb="staff.password_reset")
    return staff


@transaction.atomic
def set_language(*, staff: Staff, language: str) -> Staff:
    staff.language = language
    staff.full_clean()
    staff.save(update_fields=["language"])
    return staff


@transaction.atomic
def save_organization(
    *, organization: Organization, by: AbstractUser | None, changed: list[str] | None = None
) -> Organization:
    """Create (no pk yet) or update an organisation that a form has filled in."""
    creating = organization.pk is None
    organization.full_clean()
    if creating:
        organization.save()
    else:
        organization.save(update_fields=changed or None)
    log_action(
        by,
        AccessLog.Action.CREATE if creating else AccessLog.Action.CHANGE,
        organization,
        verb="organization.created" if creating else "organization.updated",
        organization=organization,
        fields=sorted(changed or []),
    )
    return organization


@transaction.atomic
def add_offering(
    *,
    organization: Organization,
    by: AbstractUser | None,
    service,
    province: str,
    district: str = "",
    notes: str = "",
) -> ServiceOffering:
    offering = ServiceOffering(
        organization=organization,
        service=service,
        province=province,
        district=district,
        notes=notes,
    )
    offering.full_clean()
    offering.save()
    log_action(
        by, AccessLog.Action.CREATE, offering, verb="offering.added", organization=organization
    )
    return offering


@transaction.atomic
def remove_offering(*, offering: ServiceOffering, by: AbstractUser | None) -> None:
    log_action(
        by,
        AccessLog.Action.CHANGE,
        offering,
        verb="offering.removed",
        organization=offering.organization,
        service=offering.service.code,
    )
    offering.delete()


@transaction.atomic
def create_team(*, organization: Organization, by: AbstractUser | None, name: str) -> Team:
    team = Team(organization=organization, name=name)
    team.full_clean()
    team.save()
    log_action(by, AccessLog.Action.CREATE, team, verb="team.created", organization=organization)
    return team
