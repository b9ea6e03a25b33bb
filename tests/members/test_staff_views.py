"""An org admin manages their own organisation's staff and nobody else's."""

import pytest
from django.contrib.auth import get_user_model

from coalition.models import AccessLog
from members.access import org_perms
from members.models import Staff
from members.roles import ROLE_PERMISSIONS, Role

User = get_user_model()

NEW_STAFF = {
    "username": "sahil-new",
    "first_name": "Test",
    "last_name": "Person",
    "email": "new@example.org",
    "phone": "",
    "role": Role.CASEWORKER,
    "team": "",
    "language": "ur",
    "password1": "a-long-enough-passphrase",
    "password2": "a-long-enough-passphrase",
}


def test_org_admin_sees_own_staff_only(as_user, admin_a, caseworker_a, caseworker_b):
    response = as_user(admin_a).get("/members/staff/")
    assert response.status_code == 200
    assert b"a-caseworker" in response.content
    assert b"b-caseworker" not in response.content


def test_org_admin_creates_staff_with_role_permissions(as_user, admin_a, org_a):
    response = as_user(admin_a).post("/members/Sahil/staff/new/", NEW_STAFF)
    assert response.status_code == 302
    staff = Staff.objects.get(user__username="sahil-new")
    assert staff.organization == org_a
    assert staff.language == "ur"
    assert org_perms(staff.user) == ROLE_PERMISSIONS[Role.CASEWORKER]
    assert AccessLog.objects.filter(verb="staff.created", target_id=staff.pk).exists()


def test_create_staff_rejects_bad_input_and_keeps_it(as_user, admin_a):
    data = {**NEW_STAFF, "username": "Bad Name!", "password2": "different"}
    response = as_user(admin_a).post("/members/Sahil/staff/new/", data)
    assert response.status_code == 200
    assert b"lower-case letters" in response.content
    assert b"do not match" in response.content
    assert b'value="new@example.org"' in response.content
    assert not User.objects.filter(email="new@example.org").exists()


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


def test_org_admin_of_other_org_cannot_deactivate(as_user, admin_b, caseworker_a):
    response = as_user(admin_b).post(f"/members/staff/{caseworker_a.pk}/active/", {"active": "0"})
    assert response.status_code == 404
    caseworker_a.user.refresh_from_db()
    assert caseworker_a.user.is_active


def test_other_org_staff_list_is_404(as_user, admin_b):
    assert as_user(admin_b).get("/members/Sahil/staff/").status_code == 404


def test_caseworker_cannot_manage_staff(as_user, caseworker_a):
    assert as_user(caseworker_a).get("/members/staff/").status_code == 403


def test_change_role_replaces_permissions(as_user, admin_a, caseworker_a):
    response = as_user(admin_a).post(
        f"/members/staff/{caseworker_a.pk}/",
        {
            "first_name": "",
            "last_name": "",
            "email": "a-caseworker@example.org",
            "phone": "",
            "role": Role.SUPERVISOR,
            "team": "",
            "language": "en",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=caseworker_a.user_id)
    assert org_perms(user) == ROLE_PERMISSIONS[Role.SUPERVISOR]


def test_deactivate_and_reactivate(as_user, admin_a, caseworker_a):
    client = as_user(admin_a)
    client.post(f"/members/staff/{caseworker_a.pk}/active/", {"active": "0"})
    caseworker_a.user.refresh_from_db()
    assert not caseworker_a.user.is_active
    client.post(f"/members/staff/{caseworker_a.pk}/active/", {"active": "1"})
    caseworker_a.user.refresh_from_db()
    assert caseworker_a.user.is_active


def test_admin_cannot_deactivate_themselves(as_user, admin_a):
    as_user(admin_a).post(f"/members/staff/{admin_a.pk}/active/", {"active": "0"})
    admin_a.user.refresh_from_db()
    assert admin_a.user.is_active


def test_reset_password(as_user, admin_a, caseworker_a):
    response = as_user(admin_a).post(
        f"/members/staff/{caseworker_a.pk}/password/",
        {"new_password1": "another-long-passphrase", "new_password2": "another-long-passphrase"},
    )
    assert response.status_code == 302
    caseworker_a.user.refresh_from_db()
    assert caseworker_a.user.check_password("another-long-passphrase")


def test_secretariat_admin_manages_any_org(as_user, secretariat_admin, caseworker_a):
    client = as_user(secretariat_admin)
    assert client.get("/members/Sahil/staff/").status_code == 200
    assert client.get(f"/members/staff/{caseworker_a.pk}/").status_code == 200


def test_teams(as_user, admin_a, admin_b):
    as_user(admin_a).post("/members/Sahil/staff/teams/", {"name": "Lahore"})
    assert as_user(admin_b).post("/members/Sahil/staff/teams/", {"name": "X"}).status_code == 404
    response = as_user(admin_a).get("/members/staff/")
    assert b"Lahore" in response.content
