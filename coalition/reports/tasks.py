"""Celery tasks for reports; the monthly one's beat entry is in settings."""

from datetime import date

from celery import shared_task

from . import services
from .scope import Period


@shared_task
def build_stored_report(report_id: int) -> str:
    return services.build(report_id)


@shared_task
def monthly_report(month: str | None = None) -> str:
    """The coalition report of `month` ("2026-10"), by default the previous month."""
    period = None
    if month:
        first = date.fromisoformat(f"{month}-01")
        period = Period.month(first.year, first.month)
    report = services.monthly_report(period)
    return f"report {report.pk} queued" if report else "already made"


@shared_task
def recount_dashboards() -> int:
    """Count each scope's default dashboard ahead of its readers: opened, it shows at once."""
    return services.recount_dashboards()
