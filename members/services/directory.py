"""Write paths for the coalition directory: an organisation's entry, its capacity, and the
services catalogue.

An organisation's own org admin or a secretariat admin edits its entry and capacity
(accounts_policy.may_edit_directory_entry); the catalogue is the secretariat admin's.
"""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.models import AccessLog

from .. import accounts_policy as policy
from ..labels import names_changed
from ..models import Organization, Service
from ..queries import place_of
from .common import acting_account, lock_organization

# What an organisation's own admin may change in its entry; the rest (name, short name, kind,
# active) is the secretariat's, through save_organization.
ENTRY_FIELDS = frozenset(
    {
        "name_ur",
        "head_office_province",
        "head_office_district",
        "address",
        "contact_email",
        "contact_phone",
        "website",
        "specialties",
        "languages",
        "contact_points",
    }
)


def _may_edit_entry(by: AbstractUser | None, organization: Organization) -> None:
    if not policy.may_edit_directory_entry(acting_account(by), place_of(organization)):
        raise PermissionDenied(_("You may not change this organisation's directory entry."))


@transaction.atomic
def update_directory_entry(
    *, organization: Organization, by: AbstractUser | None, changes: dict
) -> Organization:
    """Change the entry's contacts, places, specialties and languages. Editing the head office
    makes it real: the entry stops being labelled demo data."""
    unknown = set(changes) - ENTRY_FIELDS
    if unknown:
        raise ValueError(f"Not directory entry fields: {sorted(unknown)}")
    organization = lock_organization(organization)
    _may_edit_entry(by, organization)
    changed = [name for name, value in changes.items() if getattr(organization, name) != value]
    if not changed:
        return organization
    for name in changed:
        setattr(organization, name, changes[name])
    if organization.demo and {"head_office_province", "head_office_district"} & set(changed):
        organization.demo = False
        changed.append("demo")
    organization.full_clean()
    organization.save(update_fields=changed)
    log_action(
        by,
        AccessLog.Action.CHANGE,
        organization,
        verb="organization.entry_updated",
        fields=sorted(changed),
    )
    return organization


@transaction.atomic
def update_capacity(
    *,
    organization: Organization,
    by: AbstractUser | None,
    shelter_beds_free: int | None,
    legal_aid_slots_free: int | None,
) -> Organization:
    """Record the shelter beds and legal aid slots free today; the date is today's, whatever
    changed, so that confirming the same numbers keeps them from going stale."""
    organization = lock_organization(organization)
    _may_edit_entry(by, organization)
    if not organization.is_coalition_member:
        raise ValidationError(_("Only coalition members record their capacity here."))
    for value in (shelter_beds_free, legal_aid_slots_free):
        if value is not None and value < 0:
            raise ValidationError(_("A number of free places cannot be below zero."))
    organization.shelter_beds_free = shelter_beds_free
    organization.legal_aid_slots_free = legal_aid_slots_free
    organization.capacity_updated_on = timezone.localdate()
    organization.full_clean()
    organization.save(
        update_fields=["shelter_beds_free", "legal_aid_slots_free", "capacity_updated_on"]
    )
    log_action(
        by,
        AccessLog.Action.CHANGE,
        organization,
        verb="organization.capacity_updated",
        shelter_beds_free=shelter_beds_free,
        legal_aid_slots_free=legal_aid_slots_free,
    )
    return organization


@transaction.atomic
def save_service(
    *, service: Service, by: AbstractUser | None, changed: list[str] | None = None
) -> Service:
    """Add (no pk yet) or edit an entry of the services catalogue: the secretariat admin's."""
    if not policy.may_manage_organizations(acting_account(by)):
        raise PermissionDenied(_("Only the secretariat's admin edits the services catalogue."))
    creating = service.pk is None
    if not creating:
        Service.objects.select_for_update().filter(pk=service.pk).exists()
    service.full_clean()
    if creating:
        service.save()
    else:
        service.save(update_fields=changed or None)
        if changed is None or {"name", "name_ur"} & set(changed):
            names_changed()
    log_action(
        by,
        AccessLog.Action.CREATE if creating else AccessLog.Action.CHANGE,
        service,
        verb="service.created" if creating else "service.updated",
        fields=sorted(changed or []),
    )
    return service
