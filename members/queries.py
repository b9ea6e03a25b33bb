"""Read paths for organisations and staff, scoped to the person asking."""

from django.db.models import Prefetch, Q, QuerySet

from .access import has_org_perm, staff_of
from .models import Organization, ServiceOffering, Staff, Team
from .roles import MANAGE_ORGANIZATIONS, MANAGE_SERVICES, MANAGE_STAFF


def manageable_organizations(user) -> QuerySet[Organization]:
    """Organisations whose staff and services this user may manage."""
    staff = staff_of(user)
    if staff is None:
        return Organization.objects.none()
    if has_org_perm(user, MANAGE_ORGANIZATIONS):
        return Organization.objects.all()
    if has_org_perm(user, MANAGE_STAFF) or has_org_perm(user, MANAGE_SERVICES):
        return Organization.objects.filter(pk=staff.organization_id)
    return Organization.objects.none()


def staff_manageable_by(user) -> QuerySet[Staff]:
    if not has_org_perm(user, MANAGE_STAFF):
        return Staff.objects.none()
    return Staff.objects.filter(organization__in=manageable_organizations(user)).select_related(
        "user", "organization", "team"
    )


def teams_of(organization: Organization) -> QuerySet[Team]:
    return Team.objects.filter(organization=organization)


def offerings_manageable_by(user) -> QuerySet[ServiceOffering]:
    if not has_org_perm(user, MANAGE_SERVICES):
        return ServiceOffering.objects.none()
    return ServiceOffering.objects.filter(
        organization__in=manageable_organizations(user)
    ).select_related("organization", "service")


def directory(*, service_code: str = "", province: str = "") -> QuerySet[Organization]:
    """Active organisations with what they offer where, for the coalition directory."""
    offerings = ServiceOffering.objects.select_related("service").filter(service__active=True)
    organizations = Organization.objects.filter(active=True)
    if service_code:
        offerings = offerings.filter(service__code=service_code)
        organizations = organizations.filter(offerings__service__code=service_code)
    if province:
        offerings = offerings.filter(province=province)
        organizations = organizations.filter(offerings__province=province)
    return organizations.distinct().prefetch_related(Prefetch("offerings", queryset=offerings))


def providers_of(*, service, province: str = "", district: str = "") -> QuerySet[Organization]:
    """Organisations offering `service` in a place: district-level offers and province-wide ones."""
    offers = Q(offerings__service=service)
    if province:
        offers &= Q(offerings__province=province)
        if district:
            offers &= Q(offerings__district="") | Q(offerings__district=district)
    return Organization.objects.filter(offers, active=True).distinct()
