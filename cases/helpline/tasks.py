"""Celery task for the call log's job; the beat schedule is in settings."""

from celery import shared_task

from . import jobs


@shared_task
def remind_callbacks() -> int:
    return jobs.remind_callbacks()
