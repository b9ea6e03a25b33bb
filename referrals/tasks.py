"""Celery tasks for the referral jobs; the beat schedule is in settings."""

from celery import shared_task

from . import jobs


@shared_task
def remind_due_soon() -> int:
    return jobs.remind_due_soon()


@shared_task
def escalate_overdue() -> int:
    return jobs.escalate_overdue()


@shared_task
def expire_unanswered() -> int:
    return jobs.expire_unanswered()


@shared_task
def daily_digest() -> int:
    return jobs.daily_digest()
