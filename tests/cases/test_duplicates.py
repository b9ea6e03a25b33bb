"""The duplicate check: logged, limited, and mediated by the secretariat (cases/duplicates.py)."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from cases.duplicates import CHECK_VERB, check_identifiers, resolve_possible_duplicate
from cases.models import Case, PossibleDuplicate
from coalition.models import AccessLog, Notification
from members.models import Organization
from members.roles import Role
from tests.factories import make_staff

from .conftest import edit_data, open_case
from .test_concurrency import run_in_threads
from .test_intake import QUICK

CASE_B_PHONE_TYPED = "0333 9876543"  # case_b's phone, as a caseworker would type it


def checks():
    return AccessLog.objects.filter(verb=CHECK_VERB)


def items():
    return PossibleDuplicate.objects.all()


def test_each_duplicate_check_writes_one_access_log_entry_without_the_clear_identifier(
    as_user, caseworker_a, case_b
):
    as_user(caseworker_a).post("/cases/new/", {**QUICK, "phone": CASE_B_PHONE_TYPED})
    entry = checks().get()
    assert entry.actor == caseworker_a.user
    assert entry.organization == caseworker_a.organization
    assert set(entry.details["identifiers"]) == {"phone"}
    assert re.fullmatch(r"[0-9a-f]{64}", entry.details["identifiers"]["phone"])
    logged = str(entry.details) + entry.target_label
    assert "9876543" not in logged and "+923339876543" not in logged
    # The same number gives the same hash: the log says which checks were of the same number.
    check_identifiers(by=caseworker_a.user, phone="+92 333 9876543")
    assert checks().count() == 2
    assert len({e.details["identifiers"]["phone"] for e in checks()}) == 1


def test_editing_checks_only_a_new_identifier(as_user, caseworker_a, case_a):
    client = as_user(caseworker_a)
    client.post(f"/cases/{case_a.pk}/edit/", edit_data(case_a, summary="Seen again."))
    assert not checks().exists()  # the stored CNIC and phone were not asked about again
    case_a.refresh_from_db()
    client.post(f"/cases/{case_a.pk}/edit/", edit_data(case_a, cnic="35202-1111111-1"))
    entry = checks().get()
    assert set(entry.details["identifiers"]) == {"cnic"}
    assert entry.case_id == case_a.pk


def test_the_hourly_limit_refuses_the_check_but_the_intake_still_saves(
    as_user, settings, caseworker_a, case_b
):
    settings.DUPLICATE_CHECKS_PER_HOUR = 2
    for _ in range(2):
        assert check_identifiers(by=caseworker_a.user, phone="0300 5550001").refused is False
    refused = check_identifiers(by=caseworker_a.user, phone=CASE_B_PHONE_TYPED)
    assert refused.refused
    assert not items().exists()  # nothing was asked of the other cases
    response = as_user(caseworker_a).post(
        "/cases/new/", {**QUICK, "phone": CASE_B_PHONE_TYPED}, follow=True
    )
    html = response.content.decode()
    assert "duplicate check was skipped" in html
    assert Case.objects.with_scopes_disabled().filter(organization=caseworker_a.organization)
    assert checks().count() == 2  # refusals are logged apart and do not count
    assert AccessLog.objects.filter(verb="case.duplicate_check_refused").count() == 2


def test_checks_older_than_an_hour_do_not_count(settings, caseworker_a, caseworker_a2):
    settings.DUPLICATE_CHECKS_PER_HOUR = 1
    check_identifiers(by=caseworker_a.user, phone="0300 5550001")
    assert check_identifiers(by=caseworker_a.user, phone="0300 5550002").refused
    assert not check_identifiers(by=caseworker_a2.user, phone="0300 5550002").refused  # per person
    an_hour_later = timezone.now() + timedelta(hours=1, minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: an_hour_later)
        assert not check_identifiers(by=caseworker_a.user, phone="0300 5550002").refused


def test_a_cross_organisation_match_opens_one_possible_duplicate_naming_the_two_organisations(
    as_user, caseworker_a, caseworker_b, case_b, secretariat_admin, org_a, org_b
):
    result = check_identifiers(by=caseworker_a.user, phone=CASE_B_PHONE_TYPED)
    assert not result  # the person checking is shown nothing of it
    entry = checks().get()
    assert entry.details["shown"] == "none" and "LAS" not in str(entry.details)
    as_user(caseworker_a).post("/cases/new/", {**QUICK, "phone": CASE_B_PHONE_TYPED})
    item = items().get()  # two checks of the same number: one item
    assert {item.organization_a, item.organization_b} == {org_a, org_b}
    assert item.found_by == org_a and item.other_organization == org_b
    assert item.identifier_kind == "phone" and item.status == "open"
    # The other side's check of the same number finds the same item.
    new_a = Case.objects.with_scopes_disabled().get(organization=org_a)
    check_identifiers(by=caseworker_b.user, phone=new_a.phone)
    assert items().count() == 1
    notice = Notification.objects.get(recipient=secretariat_admin.user, kind="possible_duplicate")
    assert notice.params == {"found_by": "Sahil", "other": "LAS"}
    page = as_user(secretariat_admin).get("/cases/possible-duplicates/").content.decode()
    assert "Sahil" in page and "LAS" in page
    for personal in ("Rubina", "Zainab", "9876543", case_b.number, new_a.number):
        assert personal not in page and personal not in str(notice.params)
    assert not Notification.objects.filter(kind="possible_duplicate").exclude(
        recipient=secretariat_admin.user
    )


def test_a_match_in_ones_own_organisation_opens_no_item(caseworker_a, case_a):
    result = check_identifiers(by=caseworker_a.user, cnic=case_a.cnic)
    assert result.visible == [case_a]
    assert not items().exists()


def test_a_case_hidden_from_a_caseworker_in_their_own_organisation_is_still_mentioned(
    as_user, caseworker_a, caseworker_a2, case_a
):
    result = check_identifiers(by=caseworker_a2.user, cnic=case_a.cnic)
    assert result.unseen_here and not result.visible
    html = as_user(caseworker_a2).post("/cases/new/", {**QUICK, "phone": case_a.phone})
    html = html.content.decode()
    assert "among cases you cannot open" in html
    assert case_a.number not in html
    assert not items().exists()


def test_only_case_workers_check_and_only_on_their_own_organisations_case(
    caseworker_b, admin_a, case_a
):
    with pytest.raises(PermissionDenied):
        check_identifiers(by=admin_a.user, phone="0300 5550001")
    with pytest.raises(PermissionDenied):
        check_identifiers(by=caseworker_b.user, case=case_a, phone="0300 5550001")
    assert not checks().exists()


@pytest.mark.parametrize(
    "fixture",
    ["caseworker_a", "supervisor_a", "desk_a", "admin_a", "analyst", "caseworker_b", None],
)
def test_the_possible_duplicates_page_is_404_for_everyone_but_the_secretariat_admin(
    request, client, as_user, caseworker_a, case_b, fixture
):
    check_identifiers(by=caseworker_a.user, phone=CASE_B_PHONE_TYPED)
    item = items().get()
    viewer = as_user(request.getfixturevalue(fixture)) if fixture else client
    assert viewer.get("/cases/possible-duplicates/").status_code in (404, 302)
    if fixture:
        assert viewer.get("/cases/possible-duplicates/").status_code == 404
        response = viewer.post(f"/cases/possible-duplicates/{item.pk}/resolve/", {"note": "x"})
        assert response.status_code == 404
        html = viewer.get("/").content.decode()
        assert "/cases/possible-duplicates/" not in html
    item.refresh_from_db()
    assert item.status == "open"


def test_the_secretariat_admin_marks_an_item_resolved(
    as_user, caseworker_a, case_b, secretariat_admin, django_assert_max_num_queries
):
    check_identifiers(by=caseworker_a.user, phone=CASE_B_PHONE_TYPED)
    item = items().get()
    client = as_user(secretariat_admin)
    assert "/cases/possible-duplicates/" in client.get("/").content.decode()  # navigation
    response = client.post(
        f"/cases/possible-duplicates/{item.pk}/resolve/", {"note": "Put in touch by phone."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "resolved" and item.resolved_by == secretariat_admin.user
    assert item.note == "Put in touch by phone."
    assert AccessLog.objects.filter(verb="case.possible_duplicate_resolved", target_id=item.pk)
    assert (
        "already marked resolved"
        in client.post(
            f"/cases/possible-duplicates/{item.pk}/resolve/", {"note": ""}, follow=True
        ).content.decode()
    )


def test_open_items_come_first_and_the_page_queries_do_not_grow_with_items(
    as_user, caseworker_a, secretariat_admin, django_assert_max_num_queries
):
    client = as_user(secretariat_admin)
    client.get("/cases/possible-duplicates/")
    with django_assert_max_num_queries(100) as empty:
        client.get("/cases/possible-duplicates/")
        empty_page_queries = len(empty)  # read inside: a later request clears the query log
    members = Organization.objects.filter(kind="member").exclude(pk=caseworker_a.organization_id)
    for i, organization in enumerate(members[:4]):
        other = make_staff(organization, Role.CASEWORKER, f"other-{i}")
        open_case(other, full_name=f"Test Person {i}", phone=f"+92300555{i:04d}")
        check_identifiers(by=caseworker_a.user, phone=f"+92300555{i:04d}")
    first = items().order_by("opened_at").first()
    resolve_possible_duplicate(item=first, by=secretariat_admin.user)
    client.get("/cases/possible-duplicates/")  # new accounts renewed the access facts
    with django_assert_max_num_queries(empty_page_queries):
        response = client.get("/cases/possible-duplicates/")
    listed = response.context["items"]
    assert len(listed) == 4 and listed[-1] == first


def test_only_the_secretariat_admin_resolves_an_item(caseworker_a, case_b, admin_b, analyst):
    check_identifiers(by=caseworker_a.user, phone=CASE_B_PHONE_TYPED)
    item = items().get()
    for person in (admin_b, analyst, caseworker_a):
        with pytest.raises(PermissionDenied):
            resolve_possible_duplicate(item=item, by=person.user)
    item.refresh_from_db()
    assert item.status == "open"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_checks_by_one_person_never_pass_the_limit(settings, caseworker_a):
    settings.DUPLICATE_CHECKS_PER_HOUR = 3
    results, errors = run_in_threads(
        lambda: check_identifiers(by=caseworker_a.user, phone="0300 5550001").refused, 8
    )
    assert errors == []
    assert sorted(results) == [False] * 3 + [True] * 5
    assert checks().count() == 3
