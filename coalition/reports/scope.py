"""Whose report a person gets, over which period, and the rows each figure counts.

This is the reports' one scoping place. The secretariat's analysts and admins get the coalition
(every member's cases, as aggregates); a member's supervisors and org admin get their
organisation's; anyone else gets none. The querysets below bypass `visible_to` on purpose: a
report reads no row to show it, only counts, and its tables hide the counts a reader may not
see exactly (tables.py).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import vocabularies as v
from cases.models import Case, ServiceDelivery
from members.access import has_org_perm, staff_of
from members.geography import Province
from members.models import Organization
from members.roles import VIEW_COALITION_REPORTS, VIEW_ORG_REPORTS
from referrals.models import Referral


@dataclass(frozen=True)
class ReportScope:
    organization: Organization | None  # None: the whole coalition

    @property
    def is_coalition(self) -> bool:
        return self.organization is None

    @property
    def label(self) -> str:
        if self.organization is None:
            return str(_("Coalition: all member organisations"))
        return self.organization.name

    @property
    def slug(self) -> str:
        return "coalition" if self.organization is None else self.organization.short_name.lower()


def report_scope_for(user) -> ReportScope | None:
    staff = staff_of(user)
    if staff is None:
        return None
    if has_org_perm(user, VIEW_COALITION_REPORTS):
        return ReportScope(None)
    if has_org_perm(user, VIEW_ORG_REPORTS) and not staff.organization.is_secretariat:
        return ReportScope(staff.organization)
    return None


# Reports cover whole calendar months, quarters or years from this year to the current one.
FIRST_YEAR = 2010


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def last_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included; `province` of origin, or all provinces."""

    start: date
    end: date
    province: str = ""

    @classmethod
    def default(cls) -> "Period":
        """The current calendar year."""
        return cls.year(timezone.localdate().year)

    @classmethod
    def month(cls, year: int, month: int, province: str = "") -> "Period":
        start = date(year, month, 1)
        return cls(start, last_of_month(start), province)

    @classmethod
    def quarter(cls, year: int, quarter: int, province: str = "") -> "Period":
        start = date(year, 3 * quarter - 2, 1)
        return cls(start, last_of_month(date(year, 3 * quarter, 1)), province)

    @classmethod
    def year(cls, year: int, province: str = "") -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), province)

    @staticmethod
    def years() -> range:
        """The years a report may cover, the current one last."""
        return range(FIRST_YEAR, timezone.localdate().year + 1)

    @staticmethod
    def ended_years() -> range:
        """The years a CTDC dataset may cover: those that have ended, so that a year's dataset
        does not change from one day to the next."""
        return range(FIRST_YEAR, timezone.localdate().year)

    def is_standard(self) -> bool:
        """Whether this is one of the reports the app makes (rounding.py): a calendar month,
        quarter or year of the years allowed, and one province or all."""
        if self.start.year not in self.years() or self.province not in ("", *Province.values):
            return False
        return self in (
            Period.month(self.start.year, self.start.month, self.province),
            Period.quarter(self.start.year, (self.start.month + 2) // 3, self.province),
            Period.year(self.start.year, self.province),
        )

    @classmethod
    def previous_month(cls) -> "Period":
        last_month = first_of_month(timezone.localdate()) - timedelta(days=1)
        return cls.month(last_month.year, last_month.month)

    @property
    def province_label(self) -> str:
        return str(Province(self.province).label) if self.province else str(_("All provinces"))

    def months(self) -> list[date]:
        months, month = [], first_of_month(self.start)
        while month <= self.end:
            months.append(month)
            month = last_of_month(month) + timedelta(days=1)
        return months

    def as_details(self) -> dict:
        """For the access log and stored reports."""
        return {
            "period_start": self.start.isoformat(),
            "period_end": self.end.isoformat(),
            "province": self.province,
        }


# A duplicate record is not another person: it is counted nowhere.
NOT_A_DUPLICATE = ~Q(closure_reason=v.ClosureReason.DUPLICATE)


def coalition_cases() -> QuerySet[Case]:
    return Case.objects.with_scopes_disabled().filter(NOT_A_DUPLICATE)


def _scoped(cases: QuerySet[Case], scope: ReportScope, period: Period) -> QuerySet[Case]:
    if period.province:
        cases = cases.filter(origin_province=period.province)
    if scope.organization is not None:
        cases = cases.filter(organization=scope.organization)
    return cases


def opened_in(period: Period) -> Q:
    return Q(intake_date__range=(period.start, period.end))


def closed_in(start: date, end: date) -> Q:
    return Q(status=v.CaseStatus.CLOSED, closed_at__date__range=(start, end))


def cases_of(scope: ReportScope, period: Period) -> QuerySet[Case]:
    """The scope's cases of people who reached a member in the period: most figures count these."""
    return _scoped(coalition_cases().filter(opened_in(period)), scope, period)


def cases_opened_or_closed_in(scope: ReportScope, period: Period) -> QuerySet[Case]:
    """For counting both in one scan: the figures filter each count by opened_in or closed_in."""
    touched = opened_in(period) | closed_in(period.start, period.end)
    return _scoped(coalition_cases().filter(touched), scope, period)


def _of_the_province(queryset, period: Period):
    """Referrals and services count as recorded, even on a record later found to be a duplicate
    (they happened); only a province filter needs their case."""
    if period.province:
        queryset = queryset.filter(case__origin_province=period.province)
    return queryset


def referrals_in(period: Period) -> QuerySet[Referral]:
    """Referrals sent in the period, between any members: the figures split them by scope."""
    referrals = Referral.objects.with_scopes_disabled().filter(
        created_at__date__range=(period.start, period.end)
    )
    return _of_the_province(referrals, period)


def deliveries_in(period: Period) -> QuerySet[ServiceDelivery]:
    deliveries = ServiceDelivery.objects.with_scopes_disabled().filter(
        delivered_on__range=(period.start, period.end)
    )
    return _of_the_province(deliveries, period)
