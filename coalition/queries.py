"""Read paths for the access log: org admins see their organisation's, the secretariat admin all."""

from django.db.models import Q, QuerySet

from members.access import has_org_perm, staff_of
from members.roles import VIEW_ACCESS_LOG, VIEW_ALL_ACCESS_LOG

from .models import AccessLog


def access_log_visible_to(user) -> QuerySet[AccessLog]:
    staff = staff_of(user)
    entries = AccessLog.objects.select_related("actor", "actor_organization", "organization")
    if staff is None:
        return entries.none()
    if has_org_perm(user, VIEW_ALL_ACCESS_LOG):
        return entries
    if has_org_perm(user, VIEW_ACCESS_LOG):
        org = staff.organization_id
        # Entries about the organisation's data, and what its own people did elsewhere.
        return entries.filter(Q(organization_id=org) | Q(actor_organization_id=org))
    return entries.none()
