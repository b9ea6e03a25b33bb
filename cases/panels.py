"""Panels and actions that apps above `cases` add to the case page.

The case page belongs to `cases`, which imports no app above it; an app that has something to
show on it (referrals lists the case's referrals) registers a panel here when Django starts
(its AppConfig.ready), and the page asks each panel for its context. An app that offers
something to do with the case (referrals: refer it) registers an action, a button beside the
page's own, shown when the case's access allows it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable  # (user, case, access) -> dict


PANELS: list[Panel] = []


def register(template: str, context: Callable) -> None:
    if not any(panel.template == template for panel in PANELS):
        PANELS.append(Panel(template, context))


def panels_for(user, case, access) -> list[tuple[str, dict]]:
    return [(panel.template, panel.context(user, case, access)) for panel in PANELS]


@dataclass(frozen=True)
class Action:
    label: str  # a lazy translation
    url_name: str  # reversed with the case's id
    permission: str  # the key of CaseAccess.may that allows it


# Buttons that apps above `cases` add to the case page's row of actions, beside its own: the
# first things a caseworker looks for ("Refer to another organisation") belong at the top of a
# long page, not in a card at its foot.
ACTIONS: list[Action] = []


def register_action(label, url_name: str, permission: str) -> None:
    if not any(action.url_name == url_name for action in ACTIONS):
        ACTIONS.append(Action(label, url_name, permission))


def actions_for(case, access) -> list[tuple[str, str]]:
    """(label, URL) of each registered action the access allows on this case."""
    from django.urls import reverse

    return [
        (str(action.label), reverse(action.url_name, args=[case.pk]))
        for action in ACTIONS
        if access.may[action.permission]
    ]


# What is still open on a case, for whoever is about to close it. Each hook takes the case and
# returns lines in words (the reader's language); the apps above register theirs (referrals).
OPEN_WORK: list[Callable] = []


def register_open_work(hook: Callable) -> None:
    if hook not in OPEN_WORK:
        OPEN_WORK.append(hook)


def open_work_of(case) -> list[str]:
    """Hearings ahead, the follow-up planned, and what registered apps report still open."""
    from django.utils import timezone
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from .models import Hearing

    today = timezone.localdate()
    lines = [
        _("Court hearing on %(date)s") % {"date": date_format(hearing.date, "Y-m-d")}
        for hearing in Hearing.objects.with_scopes_disabled()
        .filter(proceeding__case=case, date__gte=today)
        .order_by("date")
    ]
    if case.next_follow_up and case.next_follow_up >= today:
        lines.append(
            _("Follow-up planned on %(date)s") % {"date": date_format(case.next_follow_up, "Y-m-d")}
        )
    for hook in OPEN_WORK:
        lines.extend(hook(case))
    return lines
