"""Writing referrals: sending, answering, completing, and what each tells whom."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases import services as case_services
from cases.models import Case
from coalition import idempotency
from coalition.audit import log_action
from coalition.models import AccessLog
from coalition.notifications import notify
from members.models import Organization, Service, ServiceOffering, Staff
from members.queries import users_holding
from members.roles import HANDLE_REFERRALS

from . import workflow
from .models import SHARE_LABELS, DeclineReason, Outcome, Referral, ReferralEvent, Status


def respond_by_for(urgency: str, sent_at=None):
    return (sent_at or timezone.now()) + timedelta(hours=settings.REFERRAL_RESPONSE_HOURS[urgency])


def receiving_desk(organization: Organization) -> list:
    """Who answers an organisation's referrals: whoever holds the permission there."""
    return users_holding(HANDLE_REFERRALS, organization=organization)


def senders_of(referral: Referral) -> list:
    """The person who sent a referral and the case's caseworker: they follow its progress."""
    people = [referral.created_by]
    if referral.case.assigned_to_id:
        people.append(referral.case.assigned_to.user)
    return people


def _in(language: str, label) -> str:
    with translation.override(language):
        return str(label())


def message_params(referral: Referral) -> dict:
    """What a notification about a referral may say: no name, no content of the case."""
    return {
        "case": referral.case.number,
        "from_org": referral.from_organization.short_name,
        "to_org": referral.to_organization.short_name,
        "service": referral.service.code,
        "urgency": referral.urgency,
        "respond_by": date_format(timezone.localtime(referral.respond_by), "Y-m-d H:i"),
    }


def notify_about(referral: Referral, recipients, kind: str, key: str | None = None) -> None:
    notify(
        recipients,
        kind,
        link=reverse("referrals:detail", args=[referral.pk]),
        dedupe_key=f"referral:{referral.pk}:{key or kind}",
        **message_params(referral),
    )


@transaction.atomic
def send_referral(
    *,
    case: Case,
    by,
    to_organization: Organization,
    service: Service,
    urgency: str,
    reason: str,
    sections: list[str],
    idempotency_key: str = "",
) -> Referral:
    """Refer the case; the share it offers opens to the receiver only when they accept. Sent
    again with the same idempotency key (a double submit, a retry after an error), it returns the
    referral it made."""
    case = case_services.lock_case(case, by, "refer")
    earlier = idempotency.earlier_result(by=by, key=idempotency_key, purpose="referral.send")
    if earlier is not None:
        return Referral.objects.with_scopes_disabled().get(pk=earlier)
    if not to_organization.is_coalition_member or not to_organization.active:
        raise ValidationError(
            _(
                "Referrals through the app go to active member organisations only. Contact "
                "partners outside the coalition directly, with the person's consent."
            )
        )
    if (
        Referral.objects.with_scopes_disabled()
        .filter(
            case=case,
            to_organization=to_organization,
            service=service,
            status__in=[Status.PENDING, Status.ACCEPTED],
        )
        .exists()
    ):
        raise ValidationError(
            _("This case already has an open referral to that organisation for that service.")
        )
    if (
        to_organization.is_secretariat
        and not ServiceOffering.objects.filter(
            organization=to_organization, service=service
        ).exists()
    ):
        raise ValidationError(
            _("The secretariat receives referrals only for the services it offers.")
        )
    referral = Referral(
        case=case,
        from_organization_id=case.organization_id,
        to_organization=to_organization,
        service=service,
        urgency=urgency,
        reason=reason,
        consent_confirmed=True,
        respond_by=respond_by_for(urgency),
        created_by=by,
        **{f"share_{section}": section in sections for section in SHARE_LABELS},
    )
    referral.full_clean(exclude=["case"], validate_unique=False, validate_constraints=False)
    referral.save()
    case_services.offer_share(
        case=case, by=by, organization=to_organization, sections=sections, key=referral.share_key
    )
    idempotency.remember(by=by, key=idempotency_key, purpose="referral.send", target=referral)
    ReferralEvent.objects.create(referral=referral, by=by, to_status=Status.PENDING)
    log_action(
        by,
        AccessLog.Action.SHARE,
        referral,
        verb="referral.sent",
        to_organization=to_organization.pk,
        sections=sorted(sections),
    )
    notify_about(referral, receiving_desk(to_organization), "referral_received")
    return referral


def record_view(*, referral: Referral, by) -> None:
    # One insert, atomic by itself: no transaction around it (two statements more per view).
    log_action(by, AccessLog.Action.VIEW, referral, verb="referral.viewed")


def accept(*, referral: Referral, by, assigned_to: Staff | None = None) -> Referral:
    with transaction.atomic():
        if assigned_to is not None and assigned_to.organization_id != referral.to_organization_id:
            raise ValidationError(_("Choose a caseworker of your organisation."))
        referral = workflow.move(referral, Status.ACCEPTED, by, assigned_to=assigned_to)
        notify_about(referral, senders_of(referral), "referral_accepted")
    return referral


def decline(*, referral: Referral, by, reason: str, note: str = "") -> Referral:
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choose why the referral is declined.")})
    if reason == DeclineReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain the reason in a few words.")})
    with transaction.atomic():
        referral = workflow.move(
            referral, Status.DECLINED, by, note=note, decline_reason=reason, response_note=note
        )
        notify_about(referral, senders_of(referral), "referral_declined")
    return referral


def withdraw(*, referral: Referral, by, note: str = "") -> Referral:
    with transaction.atomic():
        referral = workflow.move(referral, Status.WITHDRAWN, by, note=note)
        notify_about(referral, receiving_desk(referral.to_organization), "referral_withdrawn")
    return referral


def complete(*, referral: Referral, by, outcome: str, note: str = "") -> Referral:
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose the outcome of the referral."))
    with transaction.atomic():
        referral = workflow.move(
            referral, Status.COMPLETED, by, note=note, outcome=outcome, outcome_note=note
        )
        notify_about(referral, senders_of(referral), "referral_completed")
    return referral


def expire(*, referral: Referral) -> Referral:
    with transaction.atomic():
        referral = workflow.move(referral, Status.EXPIRED, None)
        notify_about(referral, senders_of(referral), "referral_expired")
    return referral
