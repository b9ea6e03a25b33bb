"""The navigation, by role: one list of entries and the permission each needs."""

from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from members import roles

from .reversing import reversing_now, url_for_ids


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
    now, language = reversing_now(), get_language()
    for entry in ENTRIES:
        if entry.any_of and not (entry.any_of & perms):
            continue
        url = url_for_ids(entry.url_name, now=now)  # reversed once per name, not every page
        if url is None:  # that part of the product is not installed
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        badge = (badges or {}).get(entry.url_name)
        label = label_in(language, entry.url_name)
        items.append({"url": url, "label": label, "current": current, "badge": badge})
    return items


@lru_cache(maxsize=256)
def label_in(language: str, url_name: str) -> str:
    """An entry's label in `language`, translated once: the catalogues cannot change while the
    process runs, and translating a lazy label cost about 5 µs an entry on every page."""
    with override(language):
        return str(next(entry.label for entry in ENTRIES if entry.url_name == url_name))


def drawn(items: list[dict]) -> SafeString:
    """The menu's items as list items, every URL, label and badge escaped: drawn here rather
    than by a loop of the layout template, which took about 25 µs an entry (a supervisor has
    twelve) on every page. The standard library's `escape` is Django's, without the check for
    lazy text on every call."""
    return mark_safe("".join(map(_item, items)))  # noqa: S308 - _item escapes every value


def _item(item: dict) -> str:
    current = ' aria-current="page"' if item["current"] else ""
    badge = f' <span class="badge">{int(item["badge"])}</span>' if item["badge"] else ""
    label = escape(str(item["label"]))  # a str already, from `entries_for`
    return f'<li><a href="{escape(item["url"])}"{current}>{label}{badge}</a></li>'
