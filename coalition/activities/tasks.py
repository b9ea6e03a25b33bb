"""Celery tasks for the activities' jobs; the beat schedule is in settings."""

from celery import shared_task

from . import jobs


@shared_task
def follow_up_reminders() -> int:
    return jobs.follow_up_reminders()


@shared_task
def funding_deadline_reminders() -> int:
    return jobs.funding_deadline_reminders()
