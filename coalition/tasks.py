from celery import shared_task

from .health import stamp_heartbeat
from .notifications import email_notification


@shared_task
def send_notification_email(notification_id: int) -> bool:
    return email_notification(notification_id)


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Queued by beat every minute: the time a worker ran it is what /healthz reads."""
    stamp_heartbeat()
