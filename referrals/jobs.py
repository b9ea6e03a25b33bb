"""Periodic referral jobs. Each is idempotent: run twice, it has its effect once."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.vocabularies import CaseStatus
from coalition.notifications import notify
from members.models import Staff
from members.queries import users_holding, users_in_roles
from members.roles import HANDLE_REFERRALS, Role

from . import services
from .models import Referral, Status
from .workflow import TransitionRefused


def _pending():
    return (
        Referral.objects.with_scopes_disabled()
        .filter(status=Status.PENDING)
        .select_related("case__assigned_to__user", "from_organization", "to_organization")
        .select_related("service", "created_by")
    )


def remind_due_soon() -> int:
    """Tell the receiving desk about pending referrals due within a day."""
    now = timezone.now()
    count = 0
    for referral in _pending().filter(
        respond_by__gt=now, respond_by__lte=now + timedelta(days=1), reminder_sent_at__isnull=True
    ):
        with transaction.atomic():
            services.notify_about(
                referral, services.receiving_desk(referral.to_organization), "referral_due_soon"
            )
            Referral.objects.with_scopes_disabled().filter(pk=referral.pk).update(
                reminder_sent_at=now
            )
        count += 1
    return count


def escalate_overdue() -> int:
    """Overdue: first the receiving organisation's supervisors, later the secretariat."""
    now = timezone.now()
    to_secretariat = now - timedelta(hours=settings.REFERRAL_ESCALATE_TO_SECRETARIAT_HOURS)
    count = 0
    for referral in _pending().filter(respond_by__lte=now, escalation_level__lt=2):
        if referral.escalation_level == 0:
            recipients = users_in_roles(Role.SUPERVISOR, organization=referral.to_organization)
            level = 1
        elif referral.respond_by <= to_secretariat:
            recipients, level = users_in_roles(Role.SECRETARIAT_ADMIN), 2
        else:
            continue
        with transaction.atomic():
            services.notify_about(referral, recipients, "referral_overdue", f"overdue:{level}")
            Referral.objects.with_scopes_disabled().filter(
                pk=referral.pk, escalation_level__lt=level
            ).update(escalation_level=level)
        count += 1
    return count


def expire_unanswered() -> int:
    """Pending referrals unanswered past their date plus the grace period expire."""
    cutoff = timezone.now() - timedelta(hours=settings.REFERRAL_EXPIRY_GRACE_HOURS)
    count = 0
    for referral in _pending().filter(respond_by__lte=cutoff):
        try:
            services.expire(referral=referral)
        except TransitionRefused:  # answered meanwhile
            continue
        count += 1
    return count


def daily_digest() -> int:
    """One message a day per person with something waiting: referrals their organisation must
    answer (for those who answer them) and their cases' follow-ups due."""
    today = timezone.localdate()
    pending = dict(
        Referral.objects.with_scopes_disabled()
        .filter(status=Status.PENDING)
        .values_list("to_organization")
        .annotate(n=Count("pk"))
    )
    follow_ups = dict(
        Case.objects.with_scopes_disabled()
        .filter(~Q(status=CaseStatus.CLOSED), next_follow_up__lte=today)
        .values_list("assigned_to")
        .annotate(n=Count("pk"))
    )
    answering = {user.pk for user in users_holding(HANDLE_REFERRALS)}
    sent = 0
    for staff in Staff.objects.filter(user__is_active=True).select_related("user"):
        waiting = pending.get(staff.organization_id, 0) if staff.user_id in answering else 0
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
