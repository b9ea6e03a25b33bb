"""The main pages stay within a query budget however long their lists are.

Each page is asked for twice: the first request fills the per-session and cached facts (the
session's refresh, the permission and access caches); the second is counted, with 60 cases,
60 referrals and 60 notifications behind the lists, and must make at most PAGE_BUDGET queries.
"""

from datetime import date

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from cases import services as case_services
from cases.models import Case, LegalProceeding
from referrals import services as referral_services
from referrals.models import Referral
from tests.cases.conftest import open_case

PAGE_BUDGET = 10
ROWS = 60


@pytest.fixture
def long_lists(caseworker_a, org_b, legal_aid, offering_b, desk_b, supervisor_b):
    """ROWS cases of caseworker_a, each referred to org_b (so desk_b has ROWS referrals and
    ROWS notifications waiting)."""
    for i in range(ROWS):
        case = open_case(
            caseworker_a,
            full_name=f"Person {i}",
            consent_share_coalition=True,
            next_follow_up="2020-01-01",
        )
        referral_services.send_referral(
            case=case,
            by=caseworker_a.user,
            to_organization=org_b,
            service=legal_aid,
            urgency="routine",
            reason="r",
            sections=["needs"],
        )
    return Case.objects.with_scopes_disabled().order_by("id").last()


def queries_of(client, url, django_assert_max_num_queries, budget=PAGE_BUDGET) -> None:
    assert client.get(url).status_code == 200  # the caches filled
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("caseworker_a", "/cases/"),
        ("caseworker_a", "/cases/?q=person"),
        ("caseworker_a", "/cases/?q=person&sort=risk&page=2"),
        ("supervisor_a", "/cases/"),
        ("supervisor_a", "/cases/?status=open&overdue=on"),
        ("caseworker_a", "/"),
        ("desk_b", "/"),
        ("desk_b", "/referrals/"),
        ("desk_b", "/referrals/?tab=overdue&page=2"),
        ("caseworker_a", "/referrals/?tab=sent"),
        ("desk_b", "/notifications/"),
    ],
)
def test_lists_stay_within_the_budget(
    request, as_user, long_lists, supervisor_a, who, url, django_assert_max_num_queries
):
    client = as_user(request.getfixturevalue(who))
    queries_of(client, url, django_assert_max_num_queries)


def test_the_case_pages_stay_within_the_budget(
    as_user, long_lists, caseworker_a, django_assert_max_num_queries
):
    client = as_user(caseworker_a)
    page = f"/cases/{long_lists.pk}/"
    queries_of(client, page, django_assert_max_num_queries)
    queries_of(client, f"/cases/{long_lists.pk}/edit/", django_assert_max_num_queries)


def test_the_referral_page_stays_within_the_budget(
    as_user, long_lists, desk_b, django_assert_max_num_queries
):
    referral = Referral.objects.with_scopes_disabled().order_by("id").last()
    url = f"/referrals/{referral.pk}/"
    queries_of(as_user(desk_b), url, django_assert_max_num_queries)


def test_a_case_in_court_for_a_supervisor_signed_in_with_a_second_factor(
    as_user, long_lists, caseworker_a, supervisor_a, django_assert_max_num_queries
):
    """django-otp reads the session's device back on every page: still within the budget, with
    proceedings and their hearings on the case."""
    proceeding = LegalProceeding(
        case=long_lists, authority="police", law="ptpa_2018", fir_number="7/2026", stage="fir"
    )
    case_services.save_proceeding(proceeding=proceeding, by=caseworker_a.user)
    case_services.add_hearing(proceeding=proceeding, by=caseworker_a.user, on=date(2026, 12, 3))
    client = as_user(supervisor_a)
    device = supervisor_a.user.totpdevice_set.create(name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page = client.get(f"/cases/{long_lists.pk}/")
    assert page.wsgi_request.user.is_verified()
    assert "2026-12-03" in page.content.decode()
    queries_of(client, f"/cases/{long_lists.pk}/", django_assert_max_num_queries)
