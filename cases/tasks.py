from celery import shared_task

from . import jobs
from .helpline.tasks import remind_callbacks  # noqa: F401 (registered with the worker here)


@shared_task
def hearing_reminders() -> int:
    return jobs.hearing_reminders()


@shared_task
def erase_expired_cases() -> int:
    """Retention: identifying details of cases closed longer ago than the period are erased."""
    return jobs.erase_expired_cases()
