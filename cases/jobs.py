"""Periodic case jobs. Each is idempotent: run twice, it has its effect once."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from coalition.notifications import notify
from members.models import Staff
from members.roles import Role

from . import vocabularies as v
from .models import Case, Hearing


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


def daily_digest() -> int:
    """One message a day per person with something waiting: referrals to answer, follow-ups."""
    from referrals.models import Referral, Status

    today = timezone.localdate()
    pending = dict(
        Referral.objects.with_scopes_disabled()
        .filter(status=Status.PENDING)
        .values_list("to_organization")
        .annotate(n=Count("pk"))
    )
    follow_ups = dict(
        Case.objects.with_scopes_disabled()
        .filter(~Q(status=v.CaseStatus.CLOSED), next_follow_up__lte=today)
        .values_list("assigned_to")
        .annotate(n=Count("pk"))
    )
    sent = 0
    for staff in Staff.objects.filter(
        role__in=[Role.CASEWORKER, Role.SUPERVISOR, Role.REFERRAL_DESK], user__is_active=True
    ).select_related("user"):
        waiting = pending.get(staff.organization_id, 0) if staff.role != Role.CASEWORKER else 0
        due = follow_ups.get(staff.pk, 0)
        if not (waiting or due):
            continue
        sent += notify(
            [staff.user],
            "daily_digest",
            link=reverse("home"),
            dedupe_key=f"digest:{today.isoformat()}",
            pending=waiting,
            follow_ups=due,
        )
    return sent
