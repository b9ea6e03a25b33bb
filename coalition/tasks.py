from celery import shared_task

from .notifications import email_notification


@shared_task
def send_notification_email(notification_id: int) -> bool:
    return email_notification(notification_id)
