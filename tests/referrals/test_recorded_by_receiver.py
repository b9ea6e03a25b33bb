"""The referral page's "What your organisation recorded" (referrals.queries.recorded_by_receiver):
the receiving organisation's own notes, services and documents on the case, its confidential
ones included, still after the referral ends; never a row another organisation wrote."""

import datetime

from cases import services as case_services
from members.models import Service
from referrals import services as referral_services


def recorded_section(html: str) -> str:
    start = html.index('aria-labelledby="h-recorded"')
    return html[start : html.index("</section>", start)]


def test_the_receiver_keeps_reading_what_it_recorded_after_the_referral_ends(
    as_user, referral, consenting_case, caseworker_a, desk_b, caseworker_b
):
    referral_services.accept(referral=referral, by=desk_b.user, assigned_to=caseworker_b)
    case = consenting_case
    case_services.add_note(case=case, by=caseworker_b.user, text="Bail hearing attended.")
    case_services.add_note(
        case=case, by=caseworker_b.user, text="Lawyer's private advice.", confidential=True
    )
    case_services.record_service(
        case=case,
        by=caseworker_b.user,
        service=Service.objects.get(code="legal_aid"),
        delivered_on=datetime.date(2026, 11, 3),
        description="Bail application filed",
    )
    case_services.add_note(case=case, by=caseworker_a.user, text="Sender's own follow-up.")
    case_services.add_note(
        case=case, by=caseworker_a.user, text="Sender's confidential note.", confidential=True
    )
    referral_services.complete(referral=referral, by=caseworker_b.user, outcome="service_provided")

    desk = as_user(desk_b)
    assert desk.get(f"/cases/{case.pk}/").status_code == 404  # the case is closed to them now
    section = recorded_section(desk.get(f"/referrals/{referral.pk}/").content.decode())
    assert "Bail hearing attended." in section
    assert "Lawyer&#x27;s private advice." in section  # the organisation's own, confidential
    assert "2026-11-03" in section and "Bail application filed" in section
    assert "Sender" not in section


def test_the_sending_side_has_no_such_section(as_user, referral, caseworker_a):
    page = as_user(caseworker_a).get(f"/referrals/{referral.pk}/").content.decode()
    assert 'aria-labelledby="h-recorded"' not in page


def test_nothing_recorded_yet_says_so(as_user, referral, desk_b):
    section = recorded_section(as_user(desk_b).get(f"/referrals/{referral.pk}/").content.decode())
    assert "Nothing yet." in section
