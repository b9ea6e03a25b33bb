"""Periodic jobs of the activities app. Each is idempotent: run twice, it has its effect once."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coalition.notifications import notify
from members.models import Staff

from .models import FollowUp, FundingCall
from .policy import RECORDING_ROLES
from .vocabularies import BID_CLOSED


def follow_up_reminders() -> int:
    """Remind each open follow-up action's owner a few days before it is due, and again once
    it is overdue."""
    today = timezone.localdate()
    soon = today + timedelta(days=settings.FOLLOW_UP_REMINDER_DAYS)
    open_actions = FollowUp.objects.filter(done_at__isnull=True).select_related(
        "owner__user", "activity"
    )
    sent = 0
    for stage, due, stamp in (
        ("due", open_actions.filter(due_on__gte=today, due_on__lte=soon), "reminder_sent_at"),
        ("overdue", open_actions.filter(due_on__lt=today), "overdue_notice_sent_at"),
    ):
        for follow_up in due.filter(**{f"{stamp}__isnull": True}):
            with transaction.atomic():
                notify(
                    [follow_up.owner.user],
                    f"activity_follow_up_{stage}",
                    link=reverse("activities:detail", args=[follow_up.activity_id]),
                    dedupe_key=f"activity-follow-up:{follow_up.pk}:{stage}",
                    activity=follow_up.activity.title[:80],
                    due=follow_up.due_on.isoformat(),
                )
                FollowUp.objects.filter(pk=follow_up.pk, **{f"{stamp}__isnull": True}).update(
                    **{stamp: timezone.now()}
                )
            sent += 1
    return sent


def funding_deadline_reminders() -> int:
    """Remind the members bidding on a call (their recorders) as its deadline comes near, once
    for each of settings.FUNDING_REMINDER_DAYS."""
    today = timezone.localdate()
    sent = 0
    calls = FundingCall.objects.exclude(status__in=BID_CLOSED).filter(
        deadline__gte=today,
        deadline__lte=today + timedelta(days=max(settings.FUNDING_REMINDER_DAYS)),
    )
    for call in calls:
        days_left = (call.deadline - today).days
        step = min((d for d in settings.FUNDING_REMINDER_DAYS if d >= days_left), default=None)
        if step is None or str(step) in call.reminders_sent:
            continue
        with transaction.atomic():
            locked = FundingCall.objects.select_for_update().get(pk=call.pk)
            if str(step) in locked.reminders_sent:
                continue
            organisations = [i.organization_id for i in locked.interests.all()]
            recipients = [
                staff.user
                for staff in Staff.objects.filter(
                    organization__in=organisations, role__in=RECORDING_ROLES
                ).select_related("user")
            ]
            notify(
                recipients,
                "funding_deadline_soon",
                link=reverse("activities:call_detail", args=[locked.pk]),
                dedupe_key=f"funding-call:{locked.pk}:{step}",
                call=f"{locked.donor}: {locked.title}"[:120],
                deadline=locked.deadline.isoformat(),
                days=days_left,
            )
            locked.reminders_sent = [*locked.reminders_sent, str(step)]
            locked.save(update_fields=["reminders_sent"])
        sent += 1
    return sent
