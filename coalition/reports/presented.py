"""The dashboard's figures as the page shows them, kept in the cache ready to send.

Counting a report and laying out its tables (suppression, rounding, every cell's text) is the
costly part of the dashboard; so the figures are kept as the HTML fragment they render to, one
per language, for each scope, period and small-cell threshold. A request that finds one only
reads a string. The suppression and rounding rules ran when the fragment was made, and the key
names the scope (the coalition or one member), so nobody is ever sent another scope's fragment.

A fragment is fresh for settings.REPORTS_CACHE_SECONDS and kept much longer: when it has gone
stale, one request (the holder of a short lock in the cache) counts the figures again while every
other reader is sent the stale copy, so an expiry never makes every reader count at once. With no
copy at all and someone else counting, the page says that the figures are being counted.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .figures import Report, build_report, cache_key
from .scope import Period, ReportScope
from .tables import Table

# A stale copy is still sent, while it is counted again, for this many times its freshness.
KEEP_STALE_FACTOR = 24
# Longer than any count of the figures: a lock whose holder died lets the next reader count.
LOCK_SECONDS = 120
FRAGMENT_TEMPLATE = "reports/partials/figures.html"


@dataclass
class Presented:
    """The figures of one scope and period in one language, ready to put in the page."""

    html: str
    has_charts: bool
    counted_at: datetime
    fresh_until: datetime
    # The report itself when it was counted for this request (for the view's context), else None.
    report: Report | None = None

    @property
    def is_fresh(self) -> bool:
        return timezone.now() < self.fresh_until


COUNTING = None  # what `dashboard_figures` returns while another request counts the first copy


def fragment_key(scope: ReportScope, period: Period, language: str) -> str:
    return f"{cache_key(scope, period)}:presented:{language}"


def lock_key(scope: ReportScope, period: Period) -> str:
    return f"{cache_key(scope, period)}:counting"


def dashboard_figures(scope: ReportScope, period: Period) -> Presented | None:
    """The figures in the active language: the cached fragment when fresh; when stale or missing,
    counted again by this request if no other is counting them, else the stale copy, else
    COUNTING."""
    seconds = settings.REPORTS_CACHE_SECONDS
    if seconds <= 0:
        return _counted_now(scope, period)
    kept = cache.get(fragment_key(scope, period, translation.get_language()))
    if kept is not None and kept.is_fresh:
        return kept
    counted = recount_unless_counting(scope, period)
    if counted is not None:
        return counted
    if kept is not None:
        return kept
    if cache.get(lock_key(scope, period)) is None:
        # No lock could be taken and none is held: the cache server is unreachable. Count for
        # this reader alone rather than leave the page waiting for a count nobody makes.
        return _counted_now(scope, period)
    return COUNTING


def _counted_now(scope: ReportScope, period: Period) -> Presented:
    """Counted for this request alone, kept nowhere."""
    report = build_report(scope, period)
    presented = present(report, translation.get_language(), 0)
    presented.report = report
    return presented


def recount_unless_counting(scope: ReportScope, period: Period) -> Presented | None:
    """Count the figures again and keep them, unless another request or job is doing it now
    (then None)."""
    if not cache.add(lock_key(scope, period), "1", LOCK_SECONDS):
        return None
    try:
        return recount(scope, period)
    finally:
        cache.delete(lock_key(scope, period))


def recount(scope: ReportScope, period: Period) -> Presented:
    """Count the figures now, keep them in every language (and the report, for the exports),
    and return them in the active language."""
    seconds = settings.REPORTS_CACHE_SECONDS
    report = build_report(scope, period)
    active = translation.get_language()
    kept = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            kept[fragment_key(scope, period, language)] = present(report, language, seconds)
    cache.set_many(kept, seconds * KEEP_STALE_FACTOR)
    cache.set(cache_key(scope, period), report, seconds)  # what figures.report_for reads
    presented = kept.get(fragment_key(scope, period, active))
    if presented is None:  # a language outside settings.LANGUAGES (never, in practice)
        presented = present(report, active, seconds)
    presented.report = report
    return presented


def present(report: Report, language: str, seconds: int) -> Presented:
    sections = presented_sections(report)
    html = render_to_string(
        FRAGMENT_TEMPLATE,
        {
            "report": report,
            "sections": sections,
            "key_figures": report.key_figures(),
            "legend": report.legend(),
            "threshold": report.threshold,
            "LANGUAGE_CODE": language,
        },
    )
    return Presented(
        html=html,
        has_charts=any(item["chart"] for _section, items in sections for item in items),
        counted_at=report.generated_at,
        fresh_until=report.generated_at + timedelta(seconds=max(seconds, 0)),
    )


def presented_sections(report: Report) -> list:
    return [
        (section, [_presented_table(table) for table in section.tables])
        for section in report.sections
    ]


def _presented_table(table: Table) -> dict:
    chart = table.chart_data()
    values = [value for series in (chart or {}).get("series", []) for value in series["data"]]
    drawable = any(value for value in values)
    return {
        "table": table,
        "grid": table.grid(),
        # A chart with no bar to draw is left out: empty axes tell a reader nothing.
        "chart": chart if drawable else None,
        "chart_hidden": bool(chart) and not drawable and any(value is None for value in values),
        "chart_id": f"chart-{table.key}",
    }
