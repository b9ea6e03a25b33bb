from datetime import timedelta

from django.utils import timezone

from cases.demo import create_cases
from cases.models import CaseShare
from referrals.demo import create_referrals
from referrals.jobs import expire_unanswered
from referrals.models import Referral, Status


def test_demo_referrals_are_plausible_and_made_once(caseworker_a, desk_b):
    create_cases(count=200, seed=3)
    made = create_referrals(seed=3)
    assert made > 0
    assert create_referrals(seed=3) == 0
    referrals = Referral.objects.with_scopes_disabled().select_related("case")
    for referral in referrals:
        assert referral.to_organization_id != referral.from_organization_id
        assert referral.case.consent_share_coalition
        assert (referral.status == Status.PENDING) == (referral.events.count() == 1)


def test_demo_referrals_offer_their_share_and_the_jobs_can_end_them(caseworker_a, desk_b):
    create_cases(count=200, seed=3)
    create_referrals(seed=3)
    referrals = list(Referral.objects.with_scopes_disabled().all())
    shares = {share.key: share for share in CaseShare.objects.all()}
    for referral in referrals:
        share = shares[referral.share_key]
        assert share.sections == referral.shared_sections
        assert share.is_open == (referral.status == Status.ACCEPTED)
    Referral.objects.with_scopes_disabled().filter(status=Status.PENDING).update(
        respond_by=timezone.now() - timedelta(days=30)
    )
    assert expire_unanswered() == sum(r.status == Status.PENDING for r in referrals)
