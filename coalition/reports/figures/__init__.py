"""A report: the figures of one scope over one period, in sections of tables, small cells hidden.

Every figure is an aggregate query (counts grouped in the database); nothing loops over cases.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..scope import Period, ReportScope
from ..tables import TOTAL, Cell, Table, legend, protect
from .cases import case_tables
from .context import FiguresContext
from .helpline import helpline_tables
from .legal import legal_tables
from .referrals import referral_tables
from .services import service_tables
from .smuggling import smuggling_tables


@dataclass
class Section:
    key: str
    title: str | Promise
    tables: list[Table]


@dataclass(frozen=True)
class KeyFigure:
    """A headline number: a cell of one of the tables, shown (or hidden) as it is there."""

    label: str | Promise
    table: str
    row: str
    column: str


KEY_FIGURES = [
    KeyFigure(_("People who reached a member"), "sex", TOTAL, "people"),
    KeyFigure(_("Children"), "age", "children", "people"),
    KeyFigure(_("Transgender people"), "gender", "transgender", "people"),
    KeyFigure(_("Exploited across borders"), "scope", "transnational", "people"),
    KeyFigure(_("Convictions"), "legal", TOTAL, "convictions"),
]


@dataclass
class Report:
    scope: ReportScope
    period: Period
    sections: list[Section]
    threshold: int
    generated_at: datetime = field(default_factory=timezone.now)

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)

    def legend(self) -> list[str]:
        return legend(self.tables, self.threshold)

    def key_figures(self) -> list[tuple[str | Promise, Cell]]:
        figures = []
        for figure in KEY_FIGURES:
            table = self.table(figure.table)
            figures.append(
                (figure.label, table.cell(table.row(figure.row), _column(table, figure)))
            )
        return figures


def _column(table: Table, figure: KeyFigure):
    return next(column for column in table.columns if column.key == figure.column)


def build_report(scope: ReportScope, period: Period) -> Report:
    context = FiguresContext.load(scope, period)
    sections = [
        Section("cases", _("People and their cases"), case_tables(context)),
        Section("smuggling", _("Trafficking and migrant smuggling"), smuggling_tables(context)),
        Section("referrals", _("Referrals between members"), referral_tables(context)),
        Section("services", _("Services delivered"), service_tables(context)),
        Section("legal", _("Legal proceedings"), legal_tables(context)),
        Section("helpline", _("Helpline calls"), helpline_tables(context)),
    ]
    threshold = settings.SMALL_CELL_THRESHOLD
    report = Report(scope, period, sections, threshold)
    protect(report.tables, threshold)
    return report


def report_for(scope: ReportScope, period: Period) -> Report:
    """The report as a person looks at it: the figures of the last few minutes when they were
    counted already (settings.REPORTS_CACHE_SECONDS), so that the page loads at once and an
    export shows the numbers that were on the screen."""
    seconds = settings.REPORTS_CACHE_SECONDS
    if seconds <= 0:
        return build_report(scope, period)
    return cache.get_or_set(cache_key(scope, period), lambda: build_report(scope, period), seconds)


def cache_key(scope: ReportScope, period: Period) -> str:
    organization = scope.organization.pk if scope.organization else "coalition"
    parts = ("reports", organization, period.start, period.end, period.province)
    return ":".join(map(str, (*parts, settings.SMALL_CELL_THRESHOLD)))
