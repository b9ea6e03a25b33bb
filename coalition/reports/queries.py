"""Read paths for stored reports: a person sees those of their report scope only."""

from django.db.models import QuerySet

from coalition.compiled import Compiled
from members.models import Organization

from .models import StoredReport
from .scope import ReportScope

RECENT_STORED = 24


def stored_reports_of(scope: ReportScope) -> QuerySet[StoredReport]:
    reports = StoredReport.objects.all()
    if scope.is_coalition:
        return reports.filter(organization__isnull=True)
    return reports.filter(organization=scope.organization)


def recent_reports_of(scope: ReportScope) -> list[StoredReport]:
    """The dashboard's list: the scope's latest stored reports but the CTDC datasets, asked on
    every look at it, so compiled once (coalition/compiled.py)."""
    organization_id = 0 if scope.organization is None else scope.organization.pk
    return _recent_reports(organization_id, shape=scope.is_coalition)


@Compiled.by_shape
def _recent_reports(whole_coalition: bool, organization_id: int) -> QuerySet[StoredReport]:
    scope = ReportScope(None if whole_coalition else Organization(pk=organization_id))
    reports = stored_reports_of(scope).exclude(kind=StoredReport.Kind.CTDC)
    return reports[:RECENT_STORED]
