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
from django.db.models import Q

from members.access import ACCESS_CACHES, has_org_perm, staff_of
from members.models import Staff
from members.roles import VIEW_ALL_CASES, VIEW_OWN_CASES

NOTHING = Q(pk__in=[])


@cache
def permission_id(app_label: str, codename: str) -> int:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename).pk


def _access_ids(user) -> dict[str, list[int]]:
    """The few ids the rule depends on, read once per request and kept on the user object.

    Plain id lists, not subqueries: PostgreSQL cannot use an index on an OR of subplans, and
    with them every list scanned the whole coalition's cases instead of the user's.
    """
    cached = getattr(user, "_case_access_ids", None)
    if cached is not None:
        return cached
    from .models import CaseUserObjectPermission

    staff = staff_of(user)
    # A role is a set of permissions on the person's own organisation (members/roles.py).
    organization = [staff.organization_id]
    team = [staff.pk]
    if staff.team_id:
        team = list(Staff.objects.filter(team_id=staff.team_id).values_list("pk", flat=True))
    granted = CaseUserObjectPermission.objects.filter(
        user=user, permission_id=permission_id("cases", "view_case")
    ).values_list("content_object_id", flat=True)
    cached = {
        "all_of": organization if has_org_perm(user, VIEW_ALL_CASES) else [],
        "own_of": organization if has_org_perm(user, VIEW_OWN_CASES) else [],
        "team": team,
        "granted": list(granted),
    }
    user._case_access_ids = cached
    return cached


assert "_case_access_ids" in ACCESS_CACHES  # forgotten on role, team and grant changes


def full_access_q(user, prefix: str = "") -> Q:
    """Cases the user sees in full: through their own organisation's role, or a grant."""
    if staff_of(user) is None:
        return NOTHING
    ids, p = _access_ids(user), prefix
    return (
        Q(**{f"{p}organization_id__in": ids["all_of"]})
        | Q(**{f"{p}organization_id__in": ids["own_of"], f"{p}assigned_to_id__in": ids["team"]})
        | Q(**{f"{p}pk__in": ids["granted"]})
    )


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
