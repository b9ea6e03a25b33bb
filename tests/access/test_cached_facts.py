"""Access facts are cached between requests and never outlive a change to what someone may see.

Each check reads the facts for a NEW user object (as the next request does), after a change
made through the services, and expects the change at once.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from cases import services as case_services
from cases.access import facts_of
from cases.consent import record_consent
from cases.models import Case
from members import access as members_access
from members import services as member_services
from members.access import access_changed, org_perms
from members.models import AccessVersion, RoleChangeRequest
from members.roles import VIEW_ALL_CASES, Role
from referrals import services as referral_services
from tests.cases.conftest import open_case
from tests.factories import make_staff


def next_request_user(staff):
    """The user as the next request loads it: a new object, nothing kept on it."""
    return get_user_model().objects.get(pk=staff.user_id)


def sees(staff, case) -> bool:
    return Case.objects.visible_to(next_request_user(staff)).filter(pk=case.pk).exists()


def test_the_next_request_reads_the_facts_with_one_query(
    caseworker_a, case_a, django_assert_num_queries
):
    first = facts_of(next_request_user(caseworker_a))
    user = next_request_user(caseworker_a)
    with django_assert_num_queries(1):  # the access version
        assert facts_of(user) == first
        assert org_perms(user) == first.perms


def test_each_id_set_is_made_once_for_the_request(caseworker_a):
    """A page's queries all ask for the same id sets: the facts make each one once."""
    facts = facts_of(next_request_user(caseworker_a))
    assert facts.ids("team") is facts.ids("team")
    assert set(facts.ids("team")) == {caseworker_a.pk}
    assert facts.shared_closing(None) is facts.shared_closing(None)


def promote(staff, *, admin, supervisor) -> None:
    """An admin asks for the supervisor role, a supervisor confirms it."""
    member_services.change_role(staff=staff, by=admin.user, role=Role.SUPERVISOR)
    request = RoleChangeRequest.objects.get(staff=staff, status=RoleChangeRequest.Status.PENDING)
    member_services.decide_role_request(request=request, by=supervisor.user, confirm=True)


def test_a_role_change_is_seen_by_the_next_request(admin_a, supervisor_a, caseworker_a):
    assert VIEW_ALL_CASES not in org_perms(next_request_user(caseworker_a))
    promote(caseworker_a, admin=admin_a, supervisor=supervisor_a)
    assert VIEW_ALL_CASES in org_perms(next_request_user(caseworker_a))
    assert VIEW_ALL_CASES in facts_of(next_request_user(caseworker_a)).perms


def test_a_team_change_is_seen_by_the_next_request(org_a, admin_a, caseworker_a, caseworker_a2):
    colleagues = open_case(caseworker_a2, full_name="Colleague Case")
    assert not sees(caseworker_a, colleagues)
    team = member_services.create_team(organization=org_a, by=admin_a.user, name="Kasur")
    for staff in (caseworker_a, caseworker_a2):
        user = staff.user
        member_services.update_staff(
            staff=staff,
            by=admin_a.user,
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email,
            team=team,
            language=staff.language,
        )
    assert sees(caseworker_a, colleagues)


def test_a_deactivated_organisation_gives_no_permission_to_the_next_request(
    secretariat_admin, org_a, caseworker_a
):
    assert org_perms(next_request_user(caseworker_a))
    org_a.active = False
    member_services.save_organization(
        organization=org_a, by=secretariat_admin.user, changed=["active"]
    )
    assert org_perms(next_request_user(caseworker_a)) == frozenset()


def test_a_grant_and_its_revocation_are_seen_by_the_next_request(
    supervisor_a, caseworker_b, case_a
):
    assert not sees(caseworker_b, case_a)
    case_services.grant_case_access(case=case_a, by=supervisor_a.user, grantee=caseworker_b.user)
    assert sees(caseworker_b, case_a)
    case_services.revoke_case_access(case=case_a, by=supervisor_a.user, grantee=caseworker_b.user)
    assert not sees(caseworker_b, case_a)


def test_an_accepted_referral_and_withdrawn_consent_are_seen_by_the_next_request(
    referral, desk_b, caseworker_a
):
    case = referral.case
    assert not sees(desk_b, case)
    referral_services.accept(referral=referral, by=desk_b.user)
    assert sees(desk_b, case)
    record_consent(case=case, by=caseworker_a.user, kind="withdrawn")
    assert not sees(desk_b, case)


def test_facts_read_in_a_transaction_that_rolls_back_are_not_kept(
    supervisor_a, caseworker_b, case_a
):
    assert not sees(caseworker_b, case_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        case_services.grant_case_access(
            case=case_a, by=supervisor_a.user, grantee=caseworker_b.user
        )
        assert sees(caseworker_b, case_a)  # read afresh inside the transaction
        raise RuntimeError("the request failed after the grant")
    assert not sees(caseworker_b, case_a)


def test_facts_come_from_the_database_when_the_cache_is_down(
    settings, supervisor_a, caseworker_b, case_a
):
    settings.CACHES = {
        "default": {
            "BACKEND": "coalition.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert not sees(caseworker_b, case_a)
    case_services.grant_case_access(case=case_a, by=supervisor_a.user, grantee=caseworker_b.user)
    assert sees(caseworker_b, case_a)


def test_the_process_answers_the_facts_it_has_read_without_asking_the_shared_cache(
    caseworker_a, case_a, monkeypatch
):
    first = facts_of(next_request_user(caseworker_a))
    monkeypatch.setattr(members_access.cache, "get", lambda *a, **k: pytest.fail("asked"))
    assert facts_of(next_request_user(caseworker_a)) == first


def test_the_process_keeps_the_facts_themselves_with_their_id_sets_made(caseworker_a, case_a):
    """Not a pickle to read again: the next request gets the same facts, and the id sets its
    queries send are not made again."""
    first = facts_of(next_request_user(caseworker_a))
    team = first.ids("team")
    again = facts_of(next_request_user(caseworker_a))
    assert again is first
    assert again.ids("team") is team


def test_the_process_keeps_a_fact_for_a_minute_at_most(caseworker_a, case_a, monkeypatch):
    now = [1000.0]
    kept = members_access.KeptInProcess(timer=lambda: now[0])
    monkeypatch.setattr(members_access, "in_process", kept)
    first = facts_of(next_request_user(caseworker_a))
    now[0] += members_access.IN_PROCESS_SECONDS - 1
    assert facts_of(next_request_user(caseworker_a)) is first
    now[0] += 2
    assert facts_of(next_request_user(caseworker_a)) is not first  # read from the shared cache


def test_a_kept_organisation_changed_by_one_request_is_not_seen_by_the_next(caseworker_a):
    """Requests share what the process keeps: each gets its own copy of a model instance."""
    user = next_request_user(caseworker_a)
    organization = members_access.kept_organization(user, caseworker_a.organization_id)
    organization.name = "Changed in memory only"
    user = next_request_user(caseworker_a)
    again = members_access.kept_organization(user, caseworker_a.organization_id)
    assert again.name == caseworker_a.organization.name


def test_the_process_copy_is_not_read_once_the_access_version_has_changed(
    supervisor_a, caseworker_b, case_a
):
    assert not sees(caseworker_b, case_a)  # kept by the shared cache and the process
    case_services.grant_case_access(case=case_a, by=supervisor_a.user, grantee=caseworker_b.user)
    assert sees(caseworker_b, case_a)


def test_without_the_version_row_the_facts_are_read_every_time(org_a, admin_a, supervisor_a):
    AccessVersion.objects.all().delete()
    reader = make_staff(org_a, Role.CASEWORKER, "a-reader")
    assert VIEW_ALL_CASES not in org_perms(next_request_user(reader))
    promote(reader, admin=admin_a, supervisor=supervisor_a)
    assert VIEW_ALL_CASES in org_perms(next_request_user(reader))
    assert AccessVersion.objects.count() == 1  # the change wrote the row again
    access_changed()
    assert AccessVersion.objects.count() == 1


def test_a_grant_opens_the_case_page_on_the_next_request(
    as_user, supervisor_a, caseworker_b, case_a
):
    client = as_user(caseworker_b)
    assert client.get(f"/cases/{case_a.pk}/").status_code == 404
    case_services.grant_case_access(case=case_a, by=supervisor_a.user, grantee=caseworker_b.user)
    assert client.get(f"/cases/{case_a.pk}/").status_code == 200
    case_services.revoke_case_access(case=case_a, by=supervisor_a.user, grantee=caseworker_b.user)
    assert client.get(f"/cases/{case_a.pk}/").status_code == 404


def signed_in_user(staff):
    """The user as a signed-in request loads it: through the authentication backend."""
    from members.backends import StaffModelBackend

    return StaffModelBackend().get_user(staff.user_id)


def test_a_signed_in_request_reads_its_facts_with_no_query_of_their_own(
    caseworker_a, case_a, django_assert_num_queries
):
    first = facts_of(signed_in_user(caseworker_a))
    user = signed_in_user(caseworker_a)  # the version comes in the user's own query
    with django_assert_num_queries(0):
        assert facts_of(user) == first
        assert org_perms(user) == first.perms


def test_a_signed_in_user_comes_with_staff_and_organisation_in_one_query(
    caseworker_a, django_assert_num_queries
):
    signed_in_user(caseworker_a)  # the organisation is kept under the access version
    with django_assert_num_queries(1):
        user = signed_in_user(caseworker_a)
        assert user.staff.organization.short_name == "Sahil"
        assert user.staff.organization_id == caseworker_a.organization_id


@pytest.mark.parametrize("change", ["active", "name", "name_ur"])
def test_an_organisation_changed_is_seen_by_its_staffs_next_request(
    change, secretariat_admin, org_a, caseworker_a
):
    assert signed_in_user(caseworker_a).staff.organization.active  # kept from here on
    changed = {"active": False, "name": "Sahil (renamed)", "name_ur": "ساحل"}
    setattr(org_a, change, changed[change])
    member_services.save_organization(
        organization=org_a, by=secretariat_admin.user, changed=[change]
    )
    user = signed_in_user(caseworker_a)
    assert getattr(user.staff.organization, change) == changed[change]
    if change == "active":
        assert org_perms(user) == frozenset()


def test_a_role_change_is_seen_by_the_next_signed_in_request(admin_a, supervisor_a, caseworker_a):
    assert VIEW_ALL_CASES not in org_perms(signed_in_user(caseworker_a))
    promote(caseworker_a, admin=admin_a, supervisor=supervisor_a)
    assert VIEW_ALL_CASES in org_perms(signed_in_user(caseworker_a))
