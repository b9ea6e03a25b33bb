"""Write paths for organisations, the services they offer and their teams.

Each function is keyword-only, runs in one transaction, asks members.accounts_policy and writes
one access-log entry.
"""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.models import AccessLog

from .. import accounts_policy as policy
from ..access import access_changed
from ..models import Organization, ServiceOffering, Staff, Team
from ..queries import place_of
from ..roles import Role
from .accounts import create_staff
from .common import acting_account, lock_organization


def _may_manage_services(by: AbstractUser, organization: Organization) -> None:
    actor = acting_account(by)
    if not policy.may_manage_services(actor, place_of(organization)):
        raise PermissionDenied(_("You may not change this organisation's services."))


@transaction.atomic
def save_organization(
    *, organization: Organization, by: AbstractUser | None, changed: list[str] | None = None
) -> Organization:
    """Create (no pk yet) or update an organisation that a form has filled in."""
    actor = acting_account(by)
    if not policy.may_manage_organizations(actor):
        raise PermissionDenied(_("Only the secretariat's admin adds and edits organisations."))
    creating = organization.pk is None
    organization.full_clean()
    if creating:
        organization.save()
    else:
        organization.save(update_fields=changed or None)
        # A new access version for any change: switched off, its staff lose their permissions;
        # renamed, the kept names change; and its staff's pages read it from a copy kept under
        # the version (members.access.kept_organization).
        access_changed()
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
    organization = lock_organization(organization)
    _may_manage_services(by, organization)
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
    offering = (
        ServiceOffering.objects.select_for_update()
        .select_related("organization", "service")
        .get(pk=offering.pk)
    )
    _may_manage_services(by, offering.organization)
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
    organization = lock_organization(organization)
    actor = acting_account(by)
    if not policy.may_manage_teams(actor, place_of(organization)):
        raise PermissionDenied(_("Only the organisation's own admin manages its teams."))
    team = Team(organization=organization, name=name)
    team.full_clean()
    team.save()
    log_action(by, AccessLog.Action.CREATE, team, verb="team.created", organization=organization)
    return team


@transaction.atomic
def create_member(
    *,
    organization: Organization,
    by: AbstractUser,
    admin_username: str,
    admin_email: str,
    admin_first_name: str = "",
    admin_last_name: str = "",
    admin_language: str = Staff.Language.ENGLISH,
) -> Staff:
    """A new organisation and its first org admin, who gets an invitation link by email."""
    organization = save_organization(organization=organization, by=by)
    return create_staff(
        organization=organization,
        by=by,
        username=admin_username,
        role=Role.ORG_ADMIN,
        email=admin_email,
        first_name=admin_first_name,
        last_name=admin_last_name,
        language=admin_language,
    )
