"""My work: what waits for each person, by role, on the first screen of the phone.

Every list is read through the scoped querysets (`visible_to`, the referral inbox, the role
requests a person may decide), so nobody sees a line of work they could not open. `counts` is
the cheap version the navigation shows on every page: one COUNT per list the role has.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from cases import vocabularies as v
from cases.duplicates import possible_duplicates_for
from cases.models import Case, Hearing, PossibleDuplicate
from cases.queries import follow_ups_due
from members.access import has_org_perm, staff_of
from members.queries import role_requests_to_decide
from members.roles import APPROVE_CLOSURE, MANAGE_ORGANIZATIONS, OPEN_CASE, Role
from referrals.models import Referral
from referrals.queries import inbox, names_of
from referrals.visibility import answers_referrals

LIMIT = 10
HEARINGS_AHEAD_DAYS = 7


@dataclass(frozen=True)
class Lists:
    """Which lists a person has: decided by their role's permissions, once per request."""

    follow_ups: bool
    hearings: bool
    referrals: bool
    closures: bool
    duplicates: bool
    role_changes: bool


def lists_of(user) -> Lists | None:
    staff = staff_of(user)
    if staff is None:
        return None
    opens_cases = has_org_perm(user, OPEN_CASE)
    return Lists(
        follow_ups=opens_cases,
        hearings=opens_cases or has_org_perm(user, APPROVE_CLOSURE),
        referrals=answers_referrals(user),
        closures=has_org_perm(user, APPROVE_CLOSURE),
        duplicates=has_org_perm(user, MANAGE_ORGANIZATIONS),
        role_changes=staff.role in (Role.SUPERVISOR, Role.SECRETARIAT_ADMIN),
    )


def _hearings_this_week(user):
    today = timezone.localdate()
    return (
        Hearing.objects.visible_to(user)
        .filter(date__gte=today, date__lte=today + timedelta(days=HEARINGS_AHEAD_DAYS))
        .exclude(proceeding__case__status=v.CaseStatus.CLOSED)
    )


def _closures_to_approve(user):
    staff = staff_of(user)
    return Case.objects.visible_to(user).filter(
        organization_id=staff.organization_id, status=v.CaseStatus.CLOSURE_REQUESTED
    )


def _open_duplicates(user):
    return possible_duplicates_for(user).filter(status=PossibleDuplicate.Status.OPEN)


def _follow_ups(user):
    """The same cases as cases.queries.follow_ups_due, unlimited, for counting."""
    return (
        Case.objects.visible_to(user)
        .full_access(user)
        .exclude(status=v.CaseStatus.CLOSED)
        .filter(next_follow_up__lte=timezone.localdate())
    )


def my_work(user) -> dict | None:
    """The home page's lists, each at most LIMIT long, with its full count."""
    lists = lists_of(user)
    if lists is None:
        return None
    work: dict = {}
    if lists.closures:
        closures = _closures_to_approve(user)
        work["closures"] = list(
            closures.only(
                "number", "full_name", "alias", "closure_reason", "closure_requested_at"
            ).order_by("closure_requested_at", "id")[:LIMIT]
        )
    if lists.referrals:
        work["referrals"] = _referrals_to_answer(user)
    if lists.follow_ups:
        work["follow_ups"] = follow_ups_due(user, limit=LIMIT)
    if lists.hearings:
        work["hearings"] = list(
            _hearings_this_week(user)
            .select_related("proceeding__case")
            .order_by("date", "id")[:LIMIT]
        )
    if lists.duplicates:
        work["duplicates"] = list(_open_duplicates(user)[:LIMIT])
    if lists.role_changes:
        work["role_changes"] = role_requests_to_decide(user)[:LIMIT]
    return work


def _referrals_to_answer(user) -> list[tuple[Referral, str, str]]:
    """The first waiting referrals, each with its sender's short name and its service's name
    (members.labels: the inbox's rows carry ids, not joins)."""
    referrals = list(inbox(user, "pending")[:LIMIT])
    names = names_of(user, referrals)
    return [
        (
            referral,
            names.organizations[referral.from_organization_id],
            names.services[referral.service_id].display_name,
        )
        for referral in referrals
    ]


def count(user) -> int:
    """How many things wait for the person: the number in the navigation, on every page. The
    lists are counted in one query (a UNION ALL of their ids), the role changes apart."""
    lists = lists_of(user)
    if lists is None:
        return 0
    parts = []
    if lists.closures:
        parts.append(_closures_to_approve(user))
    if lists.referrals:
        parts.append(inbox(user, "pending"))
    if lists.follow_ups:
        parts.append(_follow_ups(user))
    if lists.hearings:
        parts.append(_hearings_this_week(user))
    if lists.duplicates:
        parts.append(_open_duplicates(user))
    total = 0
    if parts:
        ids = [part.order_by().values_list("pk") for part in parts]
        total = ids[0].union(*ids[1:], all=True).count() if len(ids) > 1 else ids[0].count()
    if lists.role_changes:
        total += len(role_requests_to_decide(user))
    return total


# The navigation's number is kept in the cache, per person, this long: a page costs no query
# for it, and a new item shows within the minute (its notification, counted apart, shows at
# once). Not in the session: writing it there saved the session about once a minute, where the
# session is otherwise saved only by its refresh (SESSION_REFRESH_SECONDS).
COUNT_SECONDS = 60


def count_key(user) -> str:
    return f"my-work-count:{user.pk}"


def remember_count(user, value: int) -> None:
    cache.set(count_key(user), value, COUNT_SECONDS)


def count_for_navigation(request, kept: dict) -> int:
    """The number, kept for COUNT_SECONDS. `kept`: the cache's values, this number's among
    them, read by the menu in one trip (`coalition.context_processors.menu_badges`)."""
    value = kept.get(count_key(request.user))
    if value is not None:
        return value
    value = count(request.user)
    remember_count(request.user, value)
    return value


def count_at_sign_in(sender, request, user, **kwargs) -> None:
    """The number is counted as the person signs in, ready for their first page."""
    remember_count(user, count(user))
