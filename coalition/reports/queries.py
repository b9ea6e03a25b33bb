"""Read paths for stored reports: a person sees those of their report scope only."""

from django.db.models import QuerySet

from .models import StoredReport
from .scope import ReportScope


def stored_reports_of(scope: ReportScope) -> QuerySet[StoredReport]:
    reports = StoredReport.objects.all()
    if scope.is_coalition:
        return reports.filter(organization__isnull=True)
    return reports.filter(organization=scope.organization)
