"""Panels that apps above `cases` add to the case page.

The case page belongs to `cases`, which imports no app above it; an app that has something to
show on it (referrals lists the case's referrals) registers a panel here when Django starts
(its AppConfig.ready), and the page asks each panel for its context.
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
