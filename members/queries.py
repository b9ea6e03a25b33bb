"""Read paths for organisations and staff, scoped to the person asking."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .access import has_org_perm, staff_of
from .accounts_policy import Account, Place, may_decide
from .models import (
    Organization,
    OrganizationUserObjectPermission,
    RoleChangeRequest,
    Service,
    ServiceOffering,
    Staff,
    Team,
)
from .roles import MANAGE_ORGANIZATIONS, MANAGE_SERVICES, MANAGE_STAFF, Role


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


def services_catalogue() -> QuerySet[Service]:
    """Every service, with how many organisations offer it."""
    return Service.objects.annotate(
        organizations_offering=Count("offerings__organization", distinct=True)
    ).order_by("name")


def providers_of(*, service, province: str = "", district: str = "") -> QuerySet[Organization]:
    """Organisations offering `service` in a place: district-level offers and province-wide ones."""
    offers = Q(offerings__service=service)
    if province:
        offers &= Q(offerings__province=province)
        if district:
            offers &= Q(offerings__district="") | Q(offerings__district=district)
    return Organization.objects.filter(offers, active=True).distinct()


def users_in_roles(*roles: str, organization: Organization | None = None) -> list:
    """The user accounts of the staff holding any of `roles` (in one organisation, if given)."""
    staff = Staff.objects.filter(role__in=roles).select_related("user")
    if organization is not None:
        staff = staff.filter(organization=organization)
    return [member.user for member in staff]


def case_holders(organization_id: int) -> QuerySet[Staff]:
    """Staff who may hold cases: caseworkers and supervisors, switched off or not (the case
    list's filter still finds the cases of one who has left)."""
    return Staff.objects.filter(
        organization_id=organization_id, role__in=[Role.CASEWORKER, Role.SUPERVISOR]
    ).select_related("user")


def assignable_caseworkers(organization_id: int) -> QuerySet[Staff]:
    """Who a case or a received referral can be given to: the case holders still active."""
    return case_holders(organization_id).filter(user__is_active=True)


def users_holding(codename: str, *, organization: Organization | None = None) -> list:
    """Active accounts whose role holds `codename` on their organisation (or on `organization`)."""
    grants = OrganizationUserObjectPermission.objects.filter(
        permission__codename=codename, user__is_active=True
    ).select_related("user")
    if organization is not None:
        grants = grants.filter(content_object=organization)
    return list({grant.user_id: grant.user for grant in grants}.values())


def account_of(staff: Staff, *, pending: bool = False) -> Account:
    """The staff member as members.accounts_policy sees them."""
    return Account(
        user_id=staff.user_id,
        role=staff.role,
        organization_id=staff.organization_id,
        active=staff.user.is_active,
        organization_active=staff.organization.active,
        pending_request=pending,
    )


def actor_account(user) -> Account | None:
    """The signed-in person as the policy sees them, or None for someone who is not staff."""
    staff = staff_of(user)
    return account_of(staff) if staff is not None else None


def place_of(organization: Organization) -> Place:
    """The organisation as the policy sees it: one query for its active admins and supervisors."""
    present = set(
        Staff.objects.filter(
            organization=organization,
            user__is_active=True,
            role__in=[Role.ORG_ADMIN, Role.SUPERVISOR],
        )
        .order_by()
        .values_list("role", flat=True)
        .distinct()
    )
    return Place(
        organization_id=organization.pk,
        is_secretariat=organization.is_secretariat,
        has_active_org_admin=Role.ORG_ADMIN in present,
        has_active_supervisor=Role.SUPERVISOR in present,
        holds_accounts=organization.is_coalition_member,
    )


def pending_requests_of(organization: Organization) -> dict[int, RoleChangeRequest]:
    """Staff id -> the request waiting for confirmation on that account."""
    requests = RoleChangeRequest.objects.filter(
        organization=organization, status=RoleChangeRequest.Status.PENDING
    )
    return {request.staff_id: request for request in requests}


def role_requests_to_decide(user) -> list[RoleChangeRequest]:
    """The pending requests this person may confirm or refuse, oldest first."""
    actor = actor_account(user)
    if actor is None:
        return []
    requests = RoleChangeRequest.objects.filter(status=RoleChangeRequest.Status.PENDING)
    # Narrow the search; may_decide below has the last word on each request.
    if actor.role == Role.SUPERVISOR:
        requests = requests.filter(organization_id=actor.organization_id)
    elif actor.role == Role.SECRETARIAT_ADMIN:
        requests = requests.filter(to_role=Role.SUPERVISOR)
    else:
        return []
    requests = list(
        requests.select_related(
            "staff__user", "staff__organization", "organization", "requested_by"
        ).order_by("requested_at", "pk")
    )
    places: dict[int, Place] = {}
    wanted = []
    for request in requests:
        if request.organization_id not in places:
            places[request.organization_id] = place_of(request.organization)
        target = account_of(request.staff, pending=True)
        if may_decide(
            actor,
            requested_by_id=request.requested_by_id,
            target=target,
            to_role=request.to_role,
            place=places[request.organization_id],
        ):
            wanted.append(request)
    return wanted
