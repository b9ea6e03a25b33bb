"""The services delivered on a case come with the case's own query
(`cases.queries.rows_under`), before its access is known: the page keeps only those
`reads_row` lets through. A referral that does not open "services" shows the receiver its own
deliveries only; the owner sees all, newest first."""

import datetime

from cases import services as case_services
from cases.queries import case_page
from members.models import Service
from referrals import services as referral_services


def deliver(case, staff, day: int, description: str):
    return case_services.record_service(
        case=case,
        by=staff.user,
        service=Service.objects.get(code="legal_aid"),
        delivered_on=datetime.date(2026, 11, day),
        description=description,
    )


def test_a_referral_without_services_shows_the_receiver_its_own_deliveries_only(
    referral, consenting_case, caseworker_a, desk_b, caseworker_b
):
    assert "services" not in referral.shared_sections
    referral_services.accept(referral=referral, by=desk_b.user, assigned_to=caseworker_b)
    senders = deliver(consenting_case, caseworker_a, 2, "Sender's shelter stay")
    older = deliver(consenting_case, caseworker_a, 1, "Sender's first visit")
    receivers = deliver(consenting_case, caseworker_b, 3, "Bail application filed")

    seen_by_receiver = case_page(caseworker_b.user, consenting_case.pk)[0].page_deliveries
    assert [d.pk for d in seen_by_receiver] == [receivers.pk]
    seen_by_owner = case_page(caseworker_a.user, consenting_case.pk)[0].page_deliveries
    assert [d.pk for d in seen_by_owner] == [receivers.pk, senders.pk, older.pk]
    first = seen_by_owner[0]
    assert (first.delivered_on, first.description) == (
        datetime.date(2026, 11, 3),
        "Bail application filed",
    )
    assert first.organization_id == caseworker_b.organization_id
