"""Periodic case jobs. Each is idempotent: run twice, it has its effect once."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coalition.notifications import notify

from . import vocabularies as v
from .models import Hearing
from .services.erasure import due_for_retention, erase_for_retention


def hearing_reminders() -> int:
    """Remind the assigned caseworker of a court hearing in the next few days."""
    today = timezone.localdate()
    soon = today + timedelta(days=settings.HEARING_REMINDER_DAYS)
    hearings = (
        Hearing.objects.with_scopes_disabled()
        .filter(date__gte=today, date__lte=soon, reminder_sent_at__isnull=True)
        .exclude(proceeding__case__status=v.CaseStatus.CLOSED)
        .select_related("proceeding__case__assigned_to__user")
    )
    count = 0
    for hearing in hearings:
        case = hearing.proceeding.case
        with transaction.atomic():
            if case.assigned_to_id:
                notify(
                    [case.assigned_to.user],
                    "hearing_soon",
                    link=reverse("cases:detail", args=[case.pk]),
                    dedupe_key=f"hearing:{hearing.pk}",
                    case=case.number,
                    date=hearing.date.isoformat(),
                )
            Hearing.objects.with_scopes_disabled().filter(pk=hearing.pk).update(
                reminder_sent_at=timezone.now()
            )
        count += 1
    return count


def erase_expired_cases() -> int:
    """Erase the identifying details of every case closed longer ago than the retention period
    (RETENTION_YEARS_AFTER_CLOSURE), one case per transaction: a failure leaves the others done
    and the next night tries it again."""
    now = timezone.now()
    erased = 0
    for case_id in due_for_retention(now).order_by("closed_at").values_list("pk", flat=True):
        erased += erase_for_retention(case_id, now) is not None
    return erased
