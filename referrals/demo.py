"""Synthetic referrals for the demo and the benchmarks, in bulk, on the synthetic cases."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cases.helpline.models import CallRequest, HelplineCall
from cases.models import Case, CaseShare, ServiceDelivery
from members.models import Organization, Service, Staff
from members.queries import providers_of
from members.roles import Role

from . import services
from .models import DeclineReason, Outcome, Referral, ReferralEvent, Status

SHARE = 0.25  # of consenting cases, the share that has a referral
STATUS_WEIGHTS = {
    Status.PENDING: 10,
    Status.ACCEPTED: 25,
    Status.COMPLETED: 40,
    Status.DECLINED: 15,
    Status.WITHDRAWN: 4,
    Status.EXPIRED: 6,
}


def create_referrals(*, seed: int = 2026) -> int:
    """Refer a share of the consenting cases; returns how many referrals were added.

    Which cases, and how, is decided per case from the seed, so a second run adds nothing.
    """
    members = list(Organization.objects.filter(kind=Organization.Kind.MEMBER, active=True))
    services = list(Service.objects.filter(active=True))
    desks = {s.organization_id: s.user for s in Staff.objects.filter(role=Role.REFERRAL_DESK)}
    candidates = (
        Case.objects.with_scopes_disabled()
        .filter(consent_share_coalition=True, created_by__isnull=False)
        .exclude(Exists(Referral.objects.with_scopes_disabled().filter(case=OuterRef("pk"))))
        .only("pk", "number", "organization_id", "created_by_id", "intake_date")
    )
    made = 0
    batch: list[Case] = []
    for case in candidates.iterator(chunk_size=2000):
        if _rng(seed, case).random() < SHARE:
            batch.append(case)
        if len(batch) == 1000:
            made += _create(seed, batch, members, services, desks)
            batch = []
    if batch:
        made += _create(seed, batch, members, services, desks)
    return made


def _rng(seed: int, case: Case) -> random.Random:
    # By case number, not primary key: the same cases are chosen whatever the database's id
    # sequences have reached (other data made and deleted before, as in a test run).
    return random.Random(f"{seed}-{case.number}")  # noqa: S311 -- synthetic data, not secrets


@transaction.atomic
def _create(seed, cases, members, services, desks) -> int:
    referrals, sent_dates, deliveries = [], [], []
    now = timezone.now()
    for case in cases:
        rng = _rng(seed, case)
        rng.random()  # the draw that chose the case
        to = rng.choice([m for m in members if m.pk != case.organization_id])
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        sent = min(now, _at_ten(case.intake_date) + timedelta(days=rng.randint(0, 20)))
        urgency = rng.choice(["emergency", "urgent", "routine"])
        answered = min(now, sent + timedelta(hours=rng.randint(1, 120)))
        service = rng.choice(services)
        referral = Referral(
            case=case,
            from_organization_id=case.organization_id,
            to_organization=to,
            service=service,
            urgency=urgency,
            reason="Synthetic demo referral.",
            consent_confirmed=True,
            status=status,
            respond_by=sent + timedelta(hours={"emergency": 24, "urgent": 72}.get(urgency, 168)),
            created_by_id=case.created_by_id,
            share_exploitation=rng.random() < 0.5,
        )
        if status in (Status.ACCEPTED, Status.COMPLETED, Status.DECLINED):
            referral.responded_by = desks.get(to.pk)
            referral.responded_at = answered
        if status == Status.DECLINED:
            referral.decline_reason = rng.choice(DeclineReason.values)
            referral.response_note = "Synthetic." if referral.decline_reason == "other" else ""
        if status == Status.COMPLETED:
            referral.outcome = rng.choice(Outcome.values)
            deliveries.append(
                ServiceDelivery(
                    case=case,
                    organization=to,
                    service=service,
                    delivered_on=(answered + timedelta(days=rng.randint(1, 20))).date(),
                    delivered_by=desks.get(to.pk) or case.created_by,
                )
            )
        if status not in (Status.PENDING, Status.ACCEPTED):
            referral.ended_at = answered
        referrals.append(referral)
        sent_dates.append(sent)
    Referral.objects.bulk_create(referrals, batch_size=500)
    # Each referral offers its sections of the case, open while it is accepted, as
    # send_referral and accept make them: the jobs that end referrals end their shares.
    taken_up = (Status.ACCEPTED, Status.COMPLETED)
    CaseShare.objects.bulk_create(
        [
            CaseShare(
                case=referral.case,
                kind=CaseShare.Kind.ORGANIZATION,
                key=referral.share_key,
                organization=referral.to_organization,
                sections=referral.shared_sections,
                offered_by_id=referral.created_by_id,
                accepted_at=referral.responded_at if referral.status in taken_up else None,
                ended_at=referral.ended_at,
            )
            for referral in referrals
        ],
        batch_size=500,
    )
    events = []
    for referral in referrals:
        events.append(ReferralEvent(referral=referral, to_status=Status.PENDING))
        if referral.status != Status.PENDING:
            events.append(
                ReferralEvent(
                    referral=referral,
                    by=referral.responded_by,
                    from_status=Status.PENDING,
                    to_status=referral.status,
                )
            )
    ReferralEvent.objects.bulk_create(events, batch_size=1000)
    # created_at is auto_now_add: give the synthetic referrals their synthetic send dates.
    for referral, sent in zip(referrals, sent_dates, strict=True):
        referral.created_at = sent
    Referral.objects.with_scopes_disabled().bulk_update(referrals, ["created_at"], batch_size=500)
    ServiceDelivery.objects.bulk_create(deliveries, batch_size=1000)
    return len(referrals)


def _at_ten(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def refer_helpline_cases(*, seed: int = 2026) -> int:
    """The cases a helpline opened for legal aid, referred to a member that offers it, through
    the referral services (as the desk that opened them); half are accepted. A case referred
    already is left alone, so a second run adds nothing."""
    legal_aid = Service.objects.filter(code="legal_aid").first()
    if legal_aid is None:
        return 0
    calls = (
        HelplineCall.objects.with_scopes_disabled()
        .filter(request=CallRequest.LEGAL_AID, case__isnull=False)
        .filter(case__consent_share_coalition=True)
        .exclude(Exists(Referral.objects.with_scopes_disabled().filter(case=OuterRef("case"))))
        .select_related("case", "taken_by")
    )
    made = 0
    for call in calls:
        case = call.case
        members = Organization.objects.filter(kind=Organization.Kind.MEMBER)
        near = providers_of(service=legal_aid, province=case.origin_province).filter(pk__in=members)
        anywhere = providers_of(service=legal_aid).filter(pk__in=members)
        receivers = list((near if near.exists() else anywhere).order_by("short_name"))
        if not receivers:
            continue
        rng = _rng(seed, case)
        referral = services.send_referral(
            case=case,
            by=call.taken_by,
            to_organization=rng.choice(receivers),
            service=legal_aid,
            urgency=rng.choice(["urgent", "routine"]),
            reason="Synthetic helpline referral for free legal aid.",
            sections=["survivor", "needs"],
        )
        desk = Staff.objects.filter(
            organization_id=referral.to_organization_id, role=Role.REFERRAL_DESK
        ).first()
        if desk is not None and rng.random() < 0.5:
            services.accept(referral=referral, by=desk.user)
        made += 1
    return made
