"""Who the signed-in person is, and what their role lets them do."""

from functools import wraps

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from guardian.core import ObjectPermissionChecker

from .models import Staff

# Per-request caches of access facts kept on the user object; forget_access() clears them.
ACCESS_CACHES = ("_org_perms_cache", "_case_access_facts")


def forget_access(user) -> None:
    """After a role, team, grant or referral change, re-read what the user may see."""
    for name in ACCESS_CACHES:
        user.__dict__.pop(name, None)


def staff_of(user) -> Staff | None:
    """The user's staff record (cached on the user), or None for a user who is not staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.staff
    except ObjectDoesNotExist:
        return None


def org_perms(user) -> frozenset[str]:
    """The codenames the user holds on their own organisation, read once per request."""
    cached = getattr(user, "_org_perms_cache", None)
    if cached is not None:
        return cached
    staff = staff_of(user)
    perms = frozenset()
    if staff is not None and staff.organization.active:
        perms = frozenset(ObjectPermissionChecker(user).get_perms(staff.organization))
    user._org_perms_cache = perms
    return perms


def has_org_perm(user, codename: str) -> bool:
    return codename in org_perms(user)


def org_permission_required(codename: str):
    """View decorator: the signed-in staff member's role must hold `codename`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_org_perm(request.user, codename):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
