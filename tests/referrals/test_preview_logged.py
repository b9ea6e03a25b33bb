"""The referral preview shows the case as the receiver would see it: a read, in the access log."""

from datetime import date

from coalition.models import AccessLog
from referrals import services
from referrals.models import Referral
from tests.cases.conftest import open_case


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


def section(html: str, name: str) -> str:
    """The case page's card of that section, as drawn."""
    start = html.index(f'<section class="card" aria-labelledby="h-{name}">')
    return html[start : html.index("</section>", start) + len("</section>")]


def test_the_preview_draws_each_shared_section_as_the_receiver_then_sees_it(
    as_user, caseworker_a, org_b, legal_aid, offering_b, desk_b
):
    case = open_case(
        caseworker_a,
        full_name="Kiran Bibi",
        alias="Kiki",
        date_of_birth=date(2000, 5, 17),
        nationality="Afghan",
        has_disability=True,
        disability="Hearing",
        summary="Taken to a brick kiln in Kasur.",
        phone="+923001112223",
        consent_share_coalition=True,
        facets={"exploitation": ["bonded_labour"], "need": ["shelter"]},
    )
    shared = ["survivor", "exploitation", "needs"]
    form = {
        "service": legal_aid.pk,
        "to_organization": org_b.pk,
        "urgency": "routine",
        "reason": "Needs a lawyer.",
        "sections": shared,
        "preview": "1",
    }
    sender = as_user(caseworker_a)
    preview = sender.post(f"/referrals/new/{case.pk}/", form).content.decode()
    for fact in ("Kiki", "2000-05-17", "Afghan", "Hearing", "Taken to a brick kiln"):
        assert fact in preview
    assert "+923001112223" not in preview and "300 1112223" not in preview  # not shared

    sender.post(f"/referrals/new/{case.pk}/", {**form, "preview": "", "send": "1"})
    referral = Referral.objects.with_scopes_disabled().get(case=case)
    services.accept(referral=referral, by=desk_b.user)
    seen = as_user(desk_b).get(f"/cases/{case.pk}/").content.decode()
    for name in ["intake", *shared]:
        assert section(preview, name) == section(seen, name)
    assert 'aria-labelledby="h-contact"' not in seen
