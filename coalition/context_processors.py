from django.conf import settings
from django.utils.translation import get_language, get_language_bidi

from members.access import org_perms, staff_of

from . import my_work
from .navigation import drawn, entries_for
from .notifications import unread_count


def shell(request):
    """What the base template needs on every page: direction, the user's organisation, the menu.

    The error pages render this too, and a request refused before the authentication middleware
    ran (a wrong Host header) has no `user` yet: it gets the page without a menu.
    """
    user = getattr(request, "user", None)
    staff = staff_of(user)
    nav = (
        entries_for(
            org_perms(user),
            request.path,
            badges={
                "notifications": unread_count(user),
                "home": my_work.count_for_navigation(request),
            },
        )
        if staff
        else []
    )
    return {
        # The idle sign-out's timing, for its warning (static/js/app.js).
        "idle_seconds": settings.SESSION_COOKIE_AGE,
        "refresh_seconds": settings.SESSION_REFRESH_SECONDS,
        "rtl": get_language_bidi(),
        "lang": get_language(),
        "current_staff": staff,
        "nav": nav,
        "nav_items": drawn(nav),
    }
