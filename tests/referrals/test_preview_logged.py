"""The referral preview shows the case as the receiver would see it: a read, in the access log."""

from coalition.models import AccessLog


def test_the_referral_preview_is_in_the_access_log(
    as_user, caseworker_a, consenting_case, org_b, legal_aid, offering_b
):
    form = {
        "service": legal_aid.pk,
        "to_organization": org_b.pk,
        "urgency": "routine",
        "reason": "Needs a lawyer.",
        "sections": ["survivor", "needs"],
        "preview": "1",
    }
    response = as_user(caseworker_a).post(f"/referrals/new/{consenting_case.pk}/", form)
    assert "As the organisation will see it" in response.content.decode()
    entry = AccessLog.objects.get(verb="case.viewed.referral_preview")
    assert (entry.actor, entry.case_id) == (caseworker_a.user, consenting_case.pk)
