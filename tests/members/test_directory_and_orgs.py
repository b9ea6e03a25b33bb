from coalition.models import AccessLog
from members.models import Organization, Service, ServiceOffering, Staff
from members.roles import Role


def test_coalition_has_secretariat_and_fifteen_members(db):
    assert Organization.objects.filter(kind="secretariat").get().short_name == "SSDO"
    assert Organization.objects.filter(kind="member").count() == 15


def test_directory_lists_who_offers_what_where(as_user, caseworker_a, org_b):
    legal = Service.objects.get(code="legal_aid")
    ServiceOffering.objects.create(organization=org_b, service=legal, province="sindh")
    client = as_user(caseworker_a)
    response = client.get("/members/")
    assert response.status_code == 200
    assert "Legal Aid Society" in response.content.decode()
    response = client.get("/members/", {"service": "legal_aid", "province": "sindh"})
    assert "Legal Aid Society" in response.content.decode()
    assert "Sahil" not in response.content.decode().split("<main")[1]
    response = client.get("/members/", {"service": "legal_aid", "province": "punjab"})
    assert "Legal Aid Society" not in response.content.decode()


def test_directory_ignores_bad_filters(as_user, caseworker_a):
    response = as_user(caseworker_a).get("/members/", {"province": "<script>"})
    assert response.status_code == 200
    assert b"<script>" not in response.content


def test_org_admin_manages_own_services(as_user, admin_a, admin_b, org_a):
    legal = Service.objects.get(code="legal_aid")
    client = as_user(admin_a)
    data = {"service": legal.pk, "province": "punjab", "district": "Lahore", "notes": ""}
    assert client.post("/members/services/", data).status_code == 302
    offering = ServiceOffering.objects.get(organization=org_a)
    response = client.post("/members/services/", data)
    assert response.status_code == 200
    assert ServiceOffering.objects.filter(organization=org_a).count() == 1
    assert as_user(admin_b).post(f"/members/services/{offering.pk}/remove/").status_code == 404
    assert as_user(admin_b).get("/members/Sahil/services/").status_code == 404
    assert client.post(f"/members/services/{offering.pk}/remove/").status_code == 302
    assert not ServiceOffering.objects.filter(organization=org_a).exists()


NEW_MEMBER = {
    "name": "New Member Trust",
    "short_name": "NMT",
    "kind": "member",
    "active": "on",
    "admin-username": "nmt-admin",
    "admin-first_name": "First",
    "admin-last_name": "Admin",
    "admin-email": "nmt-admin@example.org",
    "admin-language": "ur",
}


def test_secretariat_admin_adds_an_organisation_with_its_first_org_admin(
    as_user, secretariat_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(secretariat_admin).post("/members/organizations/new/", NEW_MEMBER)
    assert response.status_code == 302
    org = Organization.objects.get(short_name="NMT")
    assert AccessLog.objects.filter(verb="organization.created", organization=org).exists()
    admin = Staff.objects.get(user__username="nmt-admin")
    assert (admin.organization, admin.role, admin.user.is_active) == (org, Role.ORG_ADMIN, True)
    assert not admin.user.has_usable_password()
    assert [m.to for m in mailoutbox] == [["nmt-admin@example.org"]]


def test_a_new_organisation_needs_its_first_admin_email_and_keeps_the_input(
    as_user, secretariat_admin
):
    response = as_user(secretariat_admin).post(
        "/members/organizations/new/", {**NEW_MEMBER, "admin-email": ""}
    )
    assert response.status_code == 200
    assert "New Member Trust" in response.content.decode()
    assert not Organization.objects.filter(short_name="NMT").exists()


def test_duplicate_short_name_is_refused(as_user, secretariat_admin):
    response = as_user(secretariat_admin).post(
        "/members/organizations/new/", {"name": "Other", "short_name": "sahil", "kind": "member"}
    )
    assert response.status_code == 200
    assert b"Another organisation has this short name" in response.content


def test_only_secretariat_admin_manages_organisations(as_user, admin_a, analyst):
    assert as_user(admin_a).get("/members/organizations/").status_code == 403
    assert as_user(analyst).get("/members/organizations/").status_code == 403
