"""The call log's periodic job: remind the desk of call-backs coming due. Idempotent: a call is
reminded once (its row is marked, and the notification's dedupe key is the call's)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coalition.notifications import notify
from members.models import Organization
from members.queries import users_holding
from members.roles import LOG_CALLS

from .models import HelplineCall


def remind_callbacks() -> int:
    """Tell the organisation's helpline desk about each call-back due within the lead time
    (settings.CALLBACK_REMINDER_MINUTES), or already missed, that nobody was reminded of."""
    now = timezone.now()
    due = (
        HelplineCall.objects.with_scopes_disabled()
        .callbacks_open()
        .filter(
            callback_due__lte=now + timedelta(minutes=settings.CALLBACK_REMINDER_MINUTES),
            callback_reminded_at__isnull=True,
        )
        .order_by("callback_due")
    )
    desks: dict[int, list] = {}
    count = 0
    for call in due:
        if call.organization_id not in desks:
            organization = Organization(pk=call.organization_id)
            desks[call.organization_id] = users_holding(LOG_CALLS, organization=organization)
        with transaction.atomic():
            marked = (
                HelplineCall.objects.with_scopes_disabled()
                .filter(pk=call.pk, callback_reminded_at__isnull=True)
                .update(callback_reminded_at=now)
            )
            if not marked:  # another run reminded it meanwhile
                continue
            notify(
                desks[call.organization_id],
                "callback_due",
                link=reverse("helpline:detail", args=[call.pk]),
                dedupe_key=f"callback:{call.pk}",
                due=timezone.localtime(call.callback_due).strftime("%Y-%m-%d %H:%M"),
            )
        count += 1
    return count
