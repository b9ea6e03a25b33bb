from celery import shared_task

from . import jobs


@shared_task
def hearing_reminders() -> int:
    return jobs.hearing_reminders()
