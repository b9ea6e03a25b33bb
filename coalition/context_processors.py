from django.utils.translation import get_language, get_language_bidi

from members.access import org_perms, staff_of

from .navigation import entries_for
from .notifications import unread_count


def shell(request):
    """What the base template needs on every page: direction, the user's organisation, the menu."""
    staff = staff_of(request.user)
    return {
        "rtl": get_language_bidi(),
        "lang": get_language(),
        "current_staff": staff,
        "nav": entries_for(
            org_perms(request.user),
            request.path,
            badges={"notifications": unread_count(request.user)},
        )
        if staff
        else [],
    }
