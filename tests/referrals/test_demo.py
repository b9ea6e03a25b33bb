from cases.demo import create_cases
from referrals.demo import create_referrals
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
