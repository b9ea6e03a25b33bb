"""A case referred in, in the receiving organisation's case list: its row shows what the share
opens, and no search, filter or sort answers a question about what it does not (is this the
person whose CNIC I hold? was she sexually exploited? when is her follow-up?)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from referrals import services
from tests.cases.conftest import open_case

LONG_AGO = timezone.localdate() - timedelta(days=30)


@pytest.fixture
def shared_case(caseworker_a):
    """A case of A, with a name, contact details, an exploitation, an origin and an overdue
    follow-up held by A's caseworker."""
    return open_case(
        caseworker_a,
        full_name="Kiran Bibi",
        phone="+923001112223",
        cnic="35202-7654321-1",
        origin_province="punjab",
        consent_share_coalition=True,
        next_follow_up=LONG_AGO,
        facets={"exploitation": ["sexual"]},
    )


def share(case, sections, *, caseworker_a, org_b, legal_aid, offering_b, desk_b):
    referral = services.send_referral(
        case=case,
        by=caseworker_a.user,
        to_organization=org_b,
        service=legal_aid,
        urgency="routine",
        reason="Legal aid.",
        sections=sections,
    )
    services.accept(referral=referral, by=desk_b.user)


@pytest.fixture
def opened(shared_case, caseworker_a, org_b, legal_aid, offering_b, desk_b):
    """`opened(sections)`: the case referred to B, sharing those sections, and accepted."""

    def opened(sections):
        share(
            shared_case,
            sections,
            caseworker_a=caseworker_a,
            org_b=org_b,
            legal_aid=legal_aid,
            offering_b=offering_b,
            desk_b=desk_b,
        )
        return shared_case

    return opened


def listed(client, case, **params) -> bool:
    return f'href="/cases/{case.pk}/"' in client.get("/cases/", params).content.decode()


def row_of(html: str, number: str) -> str:
    start = html.rindex("<tr", 0, html.index(number))
    return html[start : html.index("</tr>", start)]


@pytest.mark.parametrize(
    "question",
    [
        {"q": "35202-7654321-1"},
        {"q": "3520276543211"},
        {"q": "+923001112223"},
        {"q": "0300 1112223"},
        {"exploitation": "sexual"},
        {"overdue": "on"},
    ],
)
def test_what_the_share_does_not_open_answers_no_search_or_filter(
    as_user, caseworker_a, supervisor_b, opened, question
):
    case = opened(["survivor", "needs"])
    receiver = as_user(supervisor_b)
    assert listed(receiver, case)  # the case is in the list
    assert listed(receiver, case, q=case.number)
    assert not listed(receiver, case, **question)
    assert listed(as_user(caseworker_a), case, **question)  # its owner finds it so


def test_a_share_of_contact_details_is_found_by_them(as_user, supervisor_b, opened):
    case = opened(["survivor", "contact"])
    receiver = as_user(supervisor_b)
    assert listed(receiver, case, q="35202-7654321-1")
    assert listed(receiver, case, q="+923001112223")
    assert not listed(receiver, case, exploitation="sexual")


def test_without_the_person_shared_the_name_is_neither_shown_nor_searched(
    as_user, supervisor_b, opened
):
    case = opened(["needs"])
    receiver = as_user(supervisor_b)
    row = row_of(receiver.get("/cases/").content.decode(), case.number)
    assert "Kiran" not in row
    assert not listed(receiver, case, q="Kiran Bibi")
    assert not listed(receiver, case, province="punjab")


def test_the_row_shows_the_name_but_not_the_follow_up_or_who_holds_the_case(
    as_user, caseworker_a, supervisor_b, opened
):
    case = opened(["survivor", "needs"])
    row = row_of(as_user(supervisor_b).get("/cases/").content.decode(), case.number)
    assert "Kiran Bibi" in row
    assert LONG_AGO.isoformat() not in row
    assert caseworker_a.user.username not in row
    assert (caseworker_a.user.get_full_name() or caseworker_a.user.username) not in row
    own_row = row_of(as_user(caseworker_a).get("/cases/").content.decode(), case.number)
    assert LONG_AGO.isoformat() in own_row


def test_sorting_by_follow_up_places_a_shared_case_as_one_without(
    as_user, caseworker_b, supervisor_b, opened
):
    """The shared case's follow-up is the earliest of all; sorted by follow-up, it comes after
    B's own case (due later), with the cases that have none."""
    case = opened(["survivor", "needs"])
    own = open_case(caseworker_b, full_name="Own Case", next_follow_up=LONG_AGO + timedelta(days=5))
    html = as_user(supervisor_b).get("/cases/", {"sort": "follow_up"}).content.decode()
    assert html.index(own.number) < html.index(case.number)
