"""The referral pages, the notifications page and home make a fixed number of queries."""

import pytest

from cases import services as case_services
from members.models import Organization
from referrals import services
from referrals.models import Referral
from tests.cases.conftest import open_case
from tests.factories import SESSION_QUERIES


def refer_more(caseworker, legal_aid, count: int) -> None:
    members = Organization.objects.filter(kind="member").exclude(pk=caseworker.organization_id)
    for i in range(count):
        case = open_case(caseworker, consent_share_coalition=True, next_follow_up="2020-01-01")
        services.send_referral(
            case=case,
            by=caseworker.user,
            to_organization=members[i % members.count()],
            service=legal_aid,
            urgency="routine",
            reason="r",
            sections=["needs"],
        )


def count(client, url, django_assert_max_num_queries, expected) -> None:
    """`expected`: the page's queries beside the session's (one, unless the session is cached)."""
    expected += SESSION_QUERIES
    client.get(url)  # the session, the permission cache
    with django_assert_max_num_queries(expected) as captured:
        assert client.get(url).status_code == 200
        assert len(captured) == expected, len(captured)


@pytest.mark.parametrize(
    ("who", "url", "expected"),
    [
        ("desk_b", "/referrals/", 3),  # the inbox: its tab counts give its count too
        # sent: visibility needs the case rule; one page (13 referrals) counted by its rows
        ("caseworker_a", "/referrals/?tab=sent", 2),
        ("desk_b", "/notifications/", 3),
        ("desk_b", "/", 4),  # My work: referrals waiting (the menu's count is cached)
        ("caseworker_a", "/", 4),  # My work: follow-ups and hearings
    ],
)
def test_lists_make_the_same_queries_however_long(
    request, as_user, referral, caseworker_a, legal_aid, who, url, expected,
    django_assert_max_num_queries,
):  # fmt: skip
    client = as_user(request.getfixturevalue(who))
    count(client, url, django_assert_max_num_queries, expected)
    refer_more(caseworker_a, legal_aid, 12)
    count(client, url, django_assert_max_num_queries, expected)


def test_a_referral_page_makes_a_fixed_number_of_queries(
    as_user, referral, desk_b, caseworker_a, django_assert_max_num_queries
):
    url = f"/referrals/{referral.pk}/"
    count(as_user(desk_b), url, django_assert_max_num_queries, 8)
    count(as_user(caseworker_a), url, django_assert_max_num_queries, 4)
    services.accept(referral=referral, by=desk_b.user)
    # Accepted, the page no longer asks for the answer forms' caseworker choices.
    count(as_user(desk_b), url, django_assert_max_num_queries, 7)
    for i in range(5):  # what the receiver records is listed on the page
        case_services.add_note(case=referral.case, by=desk_b.user, text=f"note {i}")
    count(as_user(desk_b), url, django_assert_max_num_queries, 7)


def test_a_waiting_tabs_pages_hold_every_referral_once_with_the_tabs_count(
    as_user, referral, caseworker_a, desk_b, legal_aid
):
    """The waiting tab's count is the tab counts' own (no second count): the pages must still
    hold exactly the referrals counted, each once."""
    for _ in range(27):  # with the fixture's, two pages of the desk's own
        services.send_referral(
            case=open_case(caseworker_a, consent_share_coalition=True),
            by=caseworker_a.user,
            to_organization=desk_b.organization,
            service=legal_aid,
            urgency="routine",
            reason="r",
            sections=["needs"],
        )
    client = as_user(desk_b)
    waiting = client.get("/referrals/").context
    received = set()
    for number in range(1, waiting["page"].paginator.num_pages + 1):
        page = client.get("/referrals/", {"page": number}).context["page"]
        received |= {r.pk for r in page}
    pending = Referral.objects.with_scopes_disabled().filter(
        to_organization=desk_b.organization, status="pending"
    )
    assert waiting["page"].paginator.num_pages == 2
    assert waiting["counts"]["pending"] == waiting["page"].paginator.count == pending.count()
    assert received == set(pending.values_list("pk", flat=True))
