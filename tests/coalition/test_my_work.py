"""My work: each role's lists on the home page, the count in the menu, the closure's notice and
the review that shows what is still open on the case."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, LegalProceeding
from coalition.models import Notification
from members.models import Service, ServiceOffering
from referrals import services as referral_services
from tests.cases.conftest import open_case


def ask_to_close(case, caseworker) -> Case:
    return case_services.request_closure(case=case, by=caseworker.user, reason="reintegrated")


def with_hearing(case, by, days_ahead: int) -> None:
    proceeding = LegalProceeding(case=case, authority="police", law="ptpa_2018", stage="fir")
    case_services.save_proceeding(proceeding=proceeding, by=by.user)
    case_services.add_hearing(
        proceeding=proceeding, by=by.user, on=timezone.localdate() + timedelta(days=days_ahead)
    )


@pytest.mark.django_db
def test_a_closure_request_notifies_the_supervisors_of_the_case_organisation_only(
    caseworker_a, supervisor_a, supervisor_b
):
    case = open_case(caseworker_a, full_name="Ayesha Bibi")
    ask_to_close(case, caseworker_a)
    notices = Notification.objects.filter(kind="closure_requested")
    assert [n.recipient for n in notices] == [supervisor_a.user]
    assert notices.get().link == f"/cases/{case.pk}/close/review/"
    assert "Ayesha" not in str(notices.get().params)


@pytest.mark.django_db
def test_a_supervisor_finds_the_closure_to_approve_on_my_work_and_another_organisation_does_not(
    as_user, caseworker_a, supervisor_a, supervisor_b, caseworker_b
):
    case = ask_to_close(open_case(caseworker_a), caseworker_a)
    mine = as_user(supervisor_a).get("/").content.decode()
    assert f"/cases/{case.pk}/close/review/" in mine
    for other in (supervisor_b, caseworker_a, caseworker_b):
        assert f"/cases/{case.pk}/close/review/" not in as_user(other).get("/").content.decode()


@pytest.mark.django_db
def test_hearings_this_week_are_listed_and_later_ones_are_not(as_user, caseworker_a):
    soon = open_case(caseworker_a, full_name="Soon Hearing")
    later = open_case(caseworker_a, full_name="Later Hearing")
    with_hearing(soon, caseworker_a, 3)
    with_hearing(later, caseworker_a, 20)
    html = as_user(caseworker_a).get("/").content.decode()
    assert soon.number in html and later.number not in html


@pytest.mark.django_db
def test_the_secretariat_admin_sees_open_possible_duplicates_and_a_caseworker_does_not(
    as_user, caseworker_a, caseworker_b, secretariat_admin
):
    from cases.duplicates import check_identifiers

    open_case(caseworker_a, phone="+923001234567")
    check_identifiers(by=caseworker_b.user, phone="+923001234567")
    assert "h-duplicates" in as_user(secretariat_admin).get("/").content.decode()
    assert "h-duplicates" not in as_user(caseworker_b).get("/").content.decode()


@pytest.mark.django_db
def test_the_menu_counts_what_waits_and_the_home_page_refreshes_the_count(
    as_user, caseworker_a, supervisor_a
):
    client = as_user(supervisor_a)
    assert client.get("/").context["nav"][0]["badge"] == 0
    ask_to_close(open_case(caseworker_a), caseworker_a)
    response = client.get("/")
    assert response.context["nav"][0]["badge"] == 1
    assert response.context["work"]["closures"]


def test_the_menus_two_numbers_are_read_from_the_cache_in_one_trip(
    as_user, caseworker_a, supervisor_a, monkeypatch
):
    from django.core.cache import cache

    from coalition import my_work, notifications

    ask_to_close(open_case(caseworker_a), caseworker_a)  # one to approve, and its notification
    client = as_user(supervisor_a)  # counts what waits
    client.get("/cases/")  # counts the notifications; both numbers are kept
    keys = {my_work.count_key(supervisor_a.user), notifications.unread_key(supervisor_a.user_id)}
    asked_one_by_one, asked_at_once = [], []
    get, get_many = cache.get, cache.get_many
    monkeypatch.setattr(cache, "get", lambda key, *a: asked_one_by_one.append(key) or get(key, *a))
    monkeypatch.setattr(cache, "get_many", lambda ks: asked_at_once.append(set(ks)) or get_many(ks))
    nav = client.get("/cases/").context["nav"]
    assert asked_at_once == [keys]
    assert not keys & set(asked_one_by_one)
    assert [entry["badge"] for entry in nav if entry["badge"]] == [1, 1]  # my work, notifications


def test_counting_the_menu_afresh_leaves_the_session_unsaved(as_user, supervisor_a, monkeypatch):
    """The count lives in the cache: the session is saved by its own refresh only."""
    from django.conf import settings
    from django.contrib.sessions.models import Session

    from coalition import my_work

    monkeypatch.setattr(my_work, "COUNT_SECONDS", 0)  # every page counts the menu afresh
    client = as_user(supervisor_a)
    client.get("/cases/")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    saved = Session.objects.values_list("session_data", "expire_date").get(session_key=key)
    for _ in range(3):
        assert client.get("/cases/").context["nav"][0]["badge"] == 0
    assert Session.objects.values_list("session_data", "expire_date").get(session_key=key) == saved


@pytest.mark.django_db
def test_my_work_makes_the_same_queries_however_much_waits(
    as_user, caseworker_a, supervisor_a, django_assert_max_num_queries
):
    client = as_user(supervisor_a)
    client.get("/")
    with django_assert_max_num_queries(30) as few:
        client.get("/")
    budget = len(few)  # read now: a request outside the block clears the query log
    for i in range(6):
        case = open_case(caseworker_a, full_name=f"Person {i}", next_follow_up="2020-01-01")
        with_hearing(case, caseworker_a, 2)
        ask_to_close(case, caseworker_a)
    client.get("/")  # the requests asked of the supervisor: the unread count, counted anew
    with django_assert_max_num_queries(budget):
        response = client.get("/")
    assert len(response.context["work"]["closures"]) == 6


@pytest.mark.django_db
def test_closing_with_a_hearing_ahead_and_an_open_referral_asks_for_confirmation(
    as_user, caseworker_a, supervisor_a, org_b
):
    legal_aid = Service.objects.get(code="legal_aid")
    ServiceOffering.objects.create(organization=org_b, service=legal_aid, province="punjab")
    case = open_case(caseworker_a, origin_province="punjab", consent_share_coalition=True)
    with_hearing(case, caseworker_a, 30)
    referral_services.send_referral(
        case=case,
        by=caseworker_a.user,
        to_organization=org_b,
        service=legal_aid,
        urgency="routine",
        reason="A lawyer.",
        sections=["needs"],
    )
    ask_to_close(case, caseworker_a)
    client = as_user(supervisor_a)
    page = client.get(f"/cases/{case.pk}/close/review/").content.decode()
    assert "Court hearing on" in page and "Referral to LAS" in page
    refused = client.post(f"/cases/{case.pk}/close/review/", {"approve": "1"})
    assert refused.status_code == 200 and "confirm you have checked" in refused.content.decode()
    assert Case.objects.with_scopes_disabled().get(pk=case.pk).status == "closure_requested"
    with pytest.raises(ValidationError):
        case_services.approve_closure(case=case, by=supervisor_a.user)
    done = client.post(
        f"/cases/{case.pk}/close/review/", {"approve": "1", "open_work_confirmed": "1"}
    )
    assert done.status_code == 302
    assert Case.objects.with_scopes_disabled().get(pk=case.pk).status == "closed"
