"""The one place that decides who sees which case, as SQL.

A person sees a case when
- their role on the owning organisation lets them see all its cases (supervisor), or
- their role lets them see their own and their team's, and the case is assigned to them or to
  someone in their team (caseworker), or
- they hold a per-case grant (django-guardian, direct foreign-key rows), or
- their organisation has an accepted, open referral on it (referrals/visibility.py).

What hangs off a case (notes, documents, ...) is visible with full access to the case, except
another organisation's confidential entries; with referral access, the receiver sees what it
recorded itself plus what the sender chose to share.
"""

from functools import cache

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q

from members.access import staff_of
from members.models import OrganizationUserObjectPermission, Staff
from members.roles import VIEW_ALL_CASES, VIEW_OWN_CASES

NOTHING = Q(pk__in=[])


@cache
def permission_id(app_label: str, codename: str) -> int:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename).pk


def _orgs_where(user, codename: str):
    return OrganizationUserObjectPermission.objects.filter(
        user=user, permission_id=permission_id("members", codename)
    ).values("content_object_id")


def full_access_q(user, prefix: str = "") -> Q:
    """Cases the user sees in full: through their own organisation's role, or a grant."""
    from .models import CaseUserObjectPermission

    staff = staff_of(user)
    if staff is None:
        return NOTHING
    p = prefix
    mine = Q(**{f"{p}assigned_to_id": staff.pk})
    if staff.team_id:
        team = Staff.objects.filter(team_id=staff.team_id).values("pk")
        mine |= Q(**{f"{p}assigned_to_id__in": team})
    owned = Q(**{f"{p}organization_id__in": _orgs_where(user, VIEW_ALL_CASES)}) | (
        Q(**{f"{p}organization_id__in": _orgs_where(user, VIEW_OWN_CASES)}) & mine
    )
    granted = Exists(
        CaseUserObjectPermission.objects.filter(
            user=user,
            permission_id=permission_id("cases", "view_case"),
            content_object_id=OuterRef(f"{p}pk" if p else "pk"),
        )
    )
    return owned | granted


def case_visibility_q(user) -> Q:
    from referrals.visibility import referred_case_q

    if staff_of(user) is None:
        return NOTHING
    return full_access_q(user) | referred_case_q(user)


def child_visibility_q(user, model) -> Q:
    """Rows of a model hanging off a case (by `case`, or `proceeding__case` for hearings)."""
    from referrals.visibility import shared_child_q

    from .models import Case

    staff = staff_of(user)
    if staff is None:
        return NOTHING
    path = "proceeding__case" if model._meta.model_name == "hearing" else "case"
    full = Case.objects.with_scopes_disabled().filter(full_access_q(user)).values("pk")
    visible = Q(**{f"{path}__in": full})
    own_org_field = "organization_id" if _has_field(model, "organization") else None
    if _has_field(model, "confidential"):
        visible &= Q(confidential=False) | Q(organization_id=staff.organization_id)
    referred = Case.objects.visible_to(user).values("pk")
    if own_org_field:
        # What the user's organisation recorded itself on a case it can see.
        visible |= Q(organization_id=staff.organization_id) & Q(**{f"{path}__in": referred})
    return visible | shared_child_q(user, model, path)


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)
