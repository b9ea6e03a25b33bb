"""Read paths for referrals, scoped to the person asking."""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from members.access import staff_of
from members.models import Organization
from members.queries import providers_of

from .models import Referral, Status

INBOX_TABS = ("pending", "due_soon", "overdue", "accepted", "history", "sent")


def _with_related(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related(
        "case", "from_organization", "to_organization", "service", "assigned_to__user"
    )


def inbox(user, tab: str) -> QuerySet[Referral]:
    """One tab of the referral page: received referrals by state, or those the user's side sent."""
    staff = staff_of(user)
    visible = Referral.objects.visible_to(user)
    if tab == "sent":
        return _with_related(visible.filter(from_organization_id=staff.organization_id))
    received = visible.filter(to_organization_id=staff.organization_id)
    now = timezone.now()
    by_tab = {
        "pending": received.filter(status=Status.PENDING).order_by("respond_by"),
        "due_soon": received.filter(
            status=Status.PENDING, respond_by__gt=now, respond_by__lte=now + timedelta(days=1)
        ).order_by("respond_by"),
        "overdue": received.filter(status=Status.PENDING, respond_by__lte=now).order_by(
            "respond_by"
        ),
        "accepted": received.filter(status=Status.ACCEPTED),
        "history": received.exclude(status__in=[Status.PENDING, Status.ACCEPTED]),
    }
    return _with_related(by_tab.get(tab, by_tab["pending"]))


def tab_counts(user) -> dict[str, int]:
    return {tab: inbox(user, tab).count() for tab in ("pending", "due_soon", "overdue")}


def referrals_of_case(user, case) -> list[Referral]:
    return list(_with_related(Referral.objects.visible_to(user).filter(case=case)))


def open_referrals_in_words(case) -> list[str]:
    """The case's referrals still waiting or under way, for whoever is about to close it."""
    from django.utils.translation import gettext as _

    referrals = (
        Referral.objects.with_scopes_disabled()
        .filter(case=case, status__in=[Status.PENDING, Status.ACCEPTED])
        .select_related("to_organization", "service")
        .order_by("created_at", "id")
    )
    return [
        _("Referral to %(org)s for %(service)s: %(status)s")
        % {
            "org": referral.to_organization.short_name,
            "service": referral.service.display_name,
            "status": referral.get_status_display(),
        }
        for referral in referrals
    ]


def referral_page(user, pk: int) -> Referral:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        _with_related(Referral.objects.visible_to(user)).select_related(
            "created_by", "responded_by"
        ),
        pk=pk,
    )


def alternatives(referral: Referral) -> QuerySet[Organization]:
    """Other organisations offering the service where the survivor is from, for a declined
    referral (the secretariat among them only where the directory says it offers it)."""
    return (
        providers_of(
            service=referral.service,
            province=referral.case.origin_province,
            district=referral.case.origin_district,
        )
        .exclude(pk__in=[referral.to_organization_id, referral.from_organization_id])
        .order_by("short_name")
    )
