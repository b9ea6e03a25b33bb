"""The kernel's tasks: a notification's email, the email outbox, clearing old sessions, and the
worker heartbeat."""

from celery import shared_task
from django.conf import settings
from django.core.management import call_command

from . import access_log_chain, notifications
from .health import stamp_heartbeat
from .idempotency import forget_old_keys
from .imports import runner


@shared_task
def send_notification_email(notification_id: int) -> bool:
    return notifications.email_notification(notification_id)


@shared_task
def send_due_emails() -> int:
    """Send the emails still owed (the broker was down, or the mail server refused)."""
    return notifications.send_due_emails()


@shared_task
def clear_expired_sessions() -> str:
    """Delete expired sessions, and the double-submit keys too old to be retried."""
    call_command("clearsessions")
    return f"expired sessions cleared, {forget_old_keys()} old submit keys forgotten"


@shared_task
def seal_access_log() -> str:
    """Seal the access log's days that ended (yesterday, and any day missed before it)."""
    sealed = access_log_chain.seal_due_days()
    return f"{len(sealed)} day(s) of the access log sealed"


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Queued by beat every minute: the time a worker ran it is what /healthz reads."""
    stamp_heartbeat()


@shared_task(
    soft_time_limit=settings.REPORT_BUILD_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_BUILD_TIME_LIMIT,
)
def check_import(job_id: int) -> None:
    """Preview an uploaded spreadsheet: every row checked, nothing kept."""
    runner.check_import(job_id)


@shared_task(
    soft_time_limit=settings.REPORT_BUILD_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_BUILD_TIME_LIMIT,
)
def apply_import(job_id: int) -> None:
    """Apply a confirmed import in one transaction."""
    runner.apply_import(job_id)


@shared_task
def resume_stalled_imports() -> int:
    """Queued by beat: the import checks and confirmed imports whose task was lost (never
    queued with the broker down, or its worker stopped)."""
    return runner.resume_stalled()
