"""The navigation, by role: one list of entries and the permission each needs."""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members import roles


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Promise
    # The entry shows when the user holds any of these permissions on their organisation;
    # an empty set means every staff member.
    any_of: frozenset[str] = frozenset()


ENTRIES = [
    NavEntry("home", _("My work")),
    NavEntry("cases:list", _("Cases"), frozenset({roles.VIEW_OWN_CASES, roles.VIEW_ALL_CASES})),
    NavEntry("cases:intake", _("New intake"), frozenset({roles.OPEN_CASE})),
    NavEntry("helpline:list", _("Call log"), frozenset({roles.LOG_CALLS, roles.VIEW_ALL_CASES})),
    NavEntry(
        "referrals:inbox",
        _("Referrals"),
        frozenset({roles.HANDLE_REFERRALS, roles.OPEN_CASE, roles.VIEW_ALL_CASES}),
    ),
    NavEntry(
        "cases:transfers",
        _("Transfers"),
        frozenset({roles.ASSIGN_CASES}),
    ),
    NavEntry(
        "reports:dashboard",
        _("Reports"),
        frozenset({roles.VIEW_COALITION_REPORTS, roles.VIEW_ORG_REPORTS}),
    ),
    NavEntry("activities:list", _("Activities")),
    NavEntry(
        "activities:donor_report", _("Donor report"), frozenset({roles.VIEW_COALITION_REPORTS})
    ),
    NavEntry("members:directory", _("Directory")),
    NavEntry("notifications", _("Notifications")),
    NavEntry("members:my_staff", _("Staff"), frozenset({roles.MANAGE_STAFF})),
    NavEntry("members:my_offerings", _("Our services"), frozenset({roles.MANAGE_SERVICES})),
    NavEntry("members:my_entry", _("Our directory entry"), frozenset({roles.MANAGE_SERVICES})),
    NavEntry("members:catalogue", _("Services catalogue"), frozenset({roles.MANAGE_ORGANIZATIONS})),
    NavEntry("members:organizations", _("Organisations"), frozenset({roles.MANAGE_ORGANIZATIONS})),
    NavEntry(
        "members:role_requests",
        _("To confirm"),
        frozenset({roles.VIEW_ALL_CASES, roles.MANAGE_ORGANIZATIONS}),
    ),
    NavEntry(
        "cases:possible_duplicates",
        _("Possible duplicates"),
        frozenset({roles.MANAGE_ORGANIZATIONS}),
    ),
    NavEntry(
        "imports",
        _("Imports"),
        frozenset({roles.VIEW_ALL_CASES, roles.MANAGE_STAFF, roles.MANAGE_ORGANIZATIONS}),
    ),
    NavEntry(
        "access_log",
        _("Access log"),
        frozenset({roles.VIEW_ACCESS_LOG, roles.VIEW_ALL_ACCESS_LOG}),
    ),
]


def entries_for(
    perms: frozenset[str], current_path: str, badges: dict[str, int] | None = None
) -> list[dict]:
    items = []
    resolver, script_prefix = get_resolver(get_urlconf()), get_script_prefix()
    for entry in ENTRIES:
        if entry.any_of and not (entry.any_of & perms):
            continue
        url = entry_url(resolver, script_prefix, entry.url_name)
        if url is None:  # that part of the product is not installed
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        badge = (badges or {}).get(entry.url_name)
        items.append({"url": url, "label": entry.label, "current": current, "badge": badge})
    return items


@lru_cache(maxsize=256)
def entry_url(resolver, script_prefix: str, url_name: str) -> str | None:
    """An entry's URL, reversed once for each URLconf (its resolver, which Django makes anew
    when the URLs change) and script prefix: the menu reversed ten names on every page."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None
