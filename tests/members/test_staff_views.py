"""The staff pages: an org admin manages their own organisation's accounts and nobody else's."""

import pytest
from django.contrib.auth import get_user_model

from coalition.models import AccessLog
from members.access import org_perms
from members.models import RoleChangeRequest, Staff
from members.roles import ROLE_PERMISSIONS, Role
from tests.factories import make_staff

User = get_user_model()

NEW_STAFF = {
    "username": "sahil-new",
    "first_name": "Test",
    "last_name": "Person",
    "email": "new@example.org",
    "phone": "",
    "role": Role.ORG_ADMIN,
    "team": "",
    "language": "ur",
}


def details(staff, **changes) -> dict:
    return {
        "first_name": staff.user.first_name,
        "last_name": staff.user.last_name,
        "email": staff.user.email,
        "phone": staff.phone,
        "role": staff.role,
        "team": "",
        "language": staff.language,
        **changes,
    }


def test_org_admin_sees_own_staff_only(as_user, admin_a, caseworker_a, caseworker_b):
    response = as_user(admin_a).get("/members/staff/")
    assert response.status_code == 200
    assert b"a-caseworker" in response.content
    assert b"b-caseworker" not in response.content


def test_staff_list_query_count_does_not_grow_with_staff(
    as_user, admin_a, org_a, django_assert_max_num_queries
):
    client = as_user(admin_a)
    client.get("/members/staff/")
    for number in range(12):
        make_staff(org_a, Role.CASEWORKER, f"a-extra-{number}")
    client.get("/members/staff/")  # new accounts renewed the access facts
    with django_assert_max_num_queries(15):
        response = client.get("/members/staff/")
    assert b"a-extra-11" in response.content


def test_org_admin_creates_an_org_admin_who_is_invited(
    as_user, admin_a, org_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(admin_a).post("/members/Sahil/staff/new/", NEW_STAFF)
    assert response.status_code == 302
    staff = Staff.objects.get(user__username="sahil-new")
    assert (staff.organization, staff.language, staff.user.is_active) == (org_a, "ur", True)
    assert org_perms(staff.user) == ROLE_PERMISSIONS[Role.ORG_ADMIN]
    assert not staff.user.has_usable_password()
    assert AccessLog.objects.filter(verb="staff.created", target_id=staff.pk).exists()
    assert [m.to for m in mailoutbox] == [["new@example.org"]]


def test_a_caseworker_created_by_an_org_admin_waits_for_a_supervisor(
    as_user, admin_a, supervisor_a, mailoutbox, django_capture_on_commit_callbacks
):
    data = {**NEW_STAFF, "role": Role.CASEWORKER}
    with django_capture_on_commit_callbacks(execute=True):
        assert as_user(admin_a).post("/members/Sahil/staff/new/", data).status_code == 302
    staff = Staff.objects.get(user__username="sahil-new")
    assert not staff.user.is_active
    assert org_perms(staff.user) == frozenset()
    request = RoleChangeRequest.objects.get(staff=staff, status="pending")
    assert request.kind == RoleChangeRequest.Kind.NEW_ACCOUNT
    assert "new@example.org" not in [address for m in mailoutbox for address in m.to]
    page = as_user(admin_a).get("/members/staff/").content.decode()
    assert "Waiting for a supervisor" in page


def test_create_staff_rejects_bad_input_and_keeps_it(as_user, admin_a):
    data = {**NEW_STAFF, "username": "Bad Name!", "email": ""}
    response = as_user(admin_a).post("/members/Sahil/staff/new/", data)
    assert response.status_code == 200
    assert b"lower-case letters" in response.content
    assert b"needs its owner&#x27;s email" in response.content
    assert b'value="Person"' in response.content
    assert not User.objects.filter(last_name="Person").exists()


def test_the_staff_form_asks_for_no_password(as_user, admin_a):
    html = as_user(admin_a).get("/members/Sahil/staff/new/").content.decode()
    assert 'type="password"' not in html


def test_org_admin_cannot_create_staff_in_another_org(as_user, admin_a):
    response = as_user(admin_a).post("/members/LAS/staff/new/", NEW_STAFF)
    assert response.status_code == 404
    assert not User.objects.filter(username="sahil-new").exists()


def test_org_admin_cannot_offer_secretariat_roles(as_user, admin_a):
    data = {**NEW_STAFF, "role": Role.SECRETARIAT_ADMIN}
    response = as_user(admin_a).post("/members/Sahil/staff/new/", data)
    assert response.status_code == 200
    assert not User.objects.filter(username="sahil-new").exists()


@pytest.mark.parametrize("suffix", ["", "password/"])
def test_org_admin_of_other_org_gets_404_for_staff_pages(as_user, admin_b, caseworker_a, suffix):
    response = as_user(admin_b).get(f"/members/staff/{caseworker_a.pk}/{suffix}")
    assert response.status_code == 404


@pytest.mark.parametrize("action", ["active", "password-link"])
def test_org_admin_of_other_org_gets_404_for_account_actions(
    as_user, admin_b, caseworker_a, action, mailoutbox
):
    response = as_user(admin_b).post(f"/members/staff/{caseworker_a.pk}/{action}/", {"active": "0"})
    assert response.status_code == 404
    caseworker_a.user.refresh_from_db()
    assert caseworker_a.user.is_active
    assert mailoutbox == []


def test_other_org_staff_list_is_404(as_user, admin_b):
    assert as_user(admin_b).get("/members/Sahil/staff/").status_code == 404


def test_caseworker_cannot_manage_staff(as_user, caseworker_a):
    assert as_user(caseworker_a).get("/members/staff/").status_code == 403


def test_lowering_a_role_applies_at_once(as_user, admin_a, supervisor_a):
    response = as_user(admin_a).post(
        f"/members/staff/{supervisor_a.pk}/", details(supervisor_a, role=Role.CASEWORKER)
    )
    assert response.status_code == 302
    user = User.objects.get(pk=supervisor_a.user_id)
    assert org_perms(user) == ROLE_PERMISSIONS[Role.CASEWORKER]


def test_deactivate_and_reactivate_an_org_admin(as_user, admin_a, org_a):
    other = make_staff(org_a, Role.ORG_ADMIN, "a-admin2")
    client = as_user(admin_a)
    client.post(f"/members/staff/{other.pk}/active/", {"active": "0"})
    other.user.refresh_from_db()
    assert not other.user.is_active
    client.post(f"/members/staff/{other.pk}/active/", {"active": "1"})
    other.user.refresh_from_db()
    assert other.user.is_active


def test_reactivating_a_caseworker_waits_for_a_supervisor(as_user, admin_a, caseworker_a):
    client = as_user(admin_a)
    client.post(f"/members/staff/{caseworker_a.pk}/active/", {"active": "0"})
    client.post(f"/members/staff/{caseworker_a.pk}/active/", {"active": "1"})
    caseworker_a.user.refresh_from_db()
    assert not caseworker_a.user.is_active
    assert RoleChangeRequest.objects.get(staff=caseworker_a).kind == "reactivation"


def test_admin_cannot_deactivate_themselves(as_user, admin_a):
    as_user(admin_a).post(f"/members/staff/{admin_a.pk}/active/", {"active": "0"})
    admin_a.user.refresh_from_db()
    assert admin_a.user.is_active


def test_secretariat_admin_sees_only_a_members_org_admins(
    as_user, secretariat_admin, admin_a, caseworker_a
):
    client = as_user(secretariat_admin)
    page = client.get("/members/Sahil/staff/").content.decode()
    assert "a-admin" in page and "a-caseworker" not in page
    assert "Add a staff member" not in page
    assert client.get(f"/members/staff/{caseworker_a.pk}/").status_code == 404
    assert client.get(f"/members/staff/{admin_a.pk}/").status_code == 200


def test_teams(as_user, admin_a, admin_b):
    as_user(admin_a).post("/members/Sahil/staff/teams/", {"name": "Lahore"})
    assert as_user(admin_b).post("/members/Sahil/staff/teams/", {"name": "X"}).status_code == 404
    response = as_user(admin_a).get("/members/staff/")
    assert b"Lahore" in response.content


def test_supervisors_reach_the_requests_to_confirm_from_the_menu(
    as_user, supervisor_a, caseworker_a, admin_a
):
    assert "/members/role-requests/" in as_user(supervisor_a).get("/").content.decode()
    assert "/members/role-requests/" not in as_user(caseworker_a).get("/").content.decode()
    assert as_user(caseworker_a).get("/members/role-requests/").status_code == 403
    assert as_user(admin_a).get("/members/role-requests/").status_code == 403
