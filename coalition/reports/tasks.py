"""Celery tasks for reports; the monthly one's beat entry is in settings."""

from datetime import date

from celery import shared_task
from django.conf import settings

from . import services
from .scope import Period


@shared_task(
    bind=True,
    soft_time_limit=settings.REPORT_BUILD_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_BUILD_TIME_LIMIT,
)
def build_stored_report(self, report_id: int) -> str:
    # Redelivered: the worker that had it died (acks late, rejected on worker lost), so its
    # claim on the report is taken over.
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    return services.build(report_id, redelivered=redelivered)


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
    """Rebuild the case counts, and count each scope's default dashboard ahead of its readers:
    opened, it shows at once."""
    return services.recount_dashboards()


@shared_task
def resume_stalled_builds() -> int:
    """Queue again the reports whose build was lost (broker down, worker dead)."""
    return services.resume_stalled_builds()
