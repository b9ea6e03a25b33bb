"""The directory as the secretariat keeps it: entries, capacity, partners, demo labels, the
services catalogue."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from coalition.models import AccessLog
from members import services
from members.models import Organization, Service, ServiceOffering, Staff
from members.roles import Role
from referrals.forms import capacity_note
from tests.cases.conftest import open_case
from tests.factories import make_staff


@pytest.fixture
def police(db):
    return Organization.objects.create(
        name="Police Station Civil Lines (test)", short_name="PSCL", kind="police"
    )


def test_org_admin_edits_own_entry_and_it_is_logged(admin_a, org_a):
    services.update_directory_entry(
        organization=org_a,
        by=admin_a.user,
        changes={"name_ur": "ساحل", "specialties": "children; abuse", "languages": "Urdu; Punjabi"},
    )
    org_a.refresh_from_db()
    assert org_a.name_ur == "ساحل"
    assert org_a.specialty_list == ["children", "abuse"]
    entry = AccessLog.objects.get(verb="organization.entry_updated")
    assert entry.details["fields"] == ["languages", "name_ur", "specialties"]


def test_org_admin_cannot_edit_another_organisations_entry(admin_a, org_b):
    with pytest.raises(PermissionDenied):
        services.update_directory_entry(
            organization=org_b, by=admin_a.user, changes={"languages": "Sindhi"}
        )


def test_secretariat_admin_edits_any_entry(secretariat_admin, org_b):
    services.update_directory_entry(
        organization=org_b, by=secretariat_admin.user, changes={"head_office_district": "Quetta"}
    )
    assert Organization.objects.get(pk=org_b.pk).head_office_district == "Quetta"


def test_caseworker_cannot_edit_entry_or_capacity(caseworker_a, org_a):
    with pytest.raises(PermissionDenied):
        services.update_directory_entry(
            organization=org_a, by=caseworker_a.user, changes={"languages": "Urdu"}
        )
    with pytest.raises(PermissionDenied):
        services.update_capacity(
            organization=org_a, by=caseworker_a.user, shelter_beds_free=3, legal_aid_slots_free=1
        )


def test_entry_service_refuses_the_secretariats_fields(admin_a, org_a):
    with pytest.raises(ValueError):
        services.update_directory_entry(
            organization=org_a, by=admin_a.user, changes={"kind": "police"}
        )


def test_capacity_is_dated_today_and_goes_stale(admin_a, org_a, settings):
    settings.CAPACITY_STALE_DAYS = 14
    services.update_capacity(
        organization=org_a, by=admin_a.user, shelter_beds_free=4, legal_aid_slots_free=2
    )
    org_a.refresh_from_db()
    assert org_a.capacity_updated_on == timezone.localdate()
    assert not org_a.capacity_is_stale
    assert "OUT OF DATE" not in capacity_note(org_a)
    org_a.capacity_updated_on = timezone.localdate() - timedelta(days=15)
    assert org_a.capacity_is_stale
    assert "OUT OF DATE" in capacity_note(org_a)


def test_capacity_at_zero_is_shown_as_full(admin_a, org_a):
    services.update_capacity(
        organization=org_a, by=admin_a.user, shelter_beds_free=0, legal_aid_slots_free=3
    )
    org_a.refresh_from_db()
    assert "FULL" in capacity_note(org_a)


def test_capacity_cannot_be_negative(admin_a, org_a):
    with pytest.raises(ValidationError):
        services.update_capacity(
            organization=org_a, by=admin_a.user, shelter_beds_free=-1, legal_aid_slots_free=None
        )


def test_referral_form_lists_capacity_and_warns_when_stale(as_user, caseworker_a, org_b):
    Organization.objects.filter(pk=org_b.pk).update(
        shelter_beds_free=2,
        legal_aid_slots_free=0,
        capacity_updated_on=timezone.localdate() - timedelta(days=30),
    )
    legal = Service.objects.get(code="legal_aid")
    ServiceOffering.objects.create(organization=org_b, service=legal, province="sindh")
    case = open_case(caseworker_a, consent_share_coalition=True)
    response = as_user(caseworker_a).get(f"/referrals/new/{case.pk}/", {"service": legal.pk})
    body = response.content.decode()
    assert response.status_code == 200, body[:300]
    assert "shelter beds free: 2" in body
    assert "OUT OF DATE" in body


def test_partner_gets_no_staff_account(secretariat_admin, police):
    with pytest.raises(PermissionDenied):
        services.create_staff(
            organization=police,
            by=secretariat_admin.user,
            username="police-admin",
            role=Role.ORG_ADMIN,
            email="police@example.org",
        )
    with pytest.raises(ValueError):
        make_staff(police, Role.CASEWORKER, "police-caseworker")
    assert not Staff.objects.filter(organization=police).exists()


def test_partner_never_receives_a_referral(caseworker_a, police):
    from referrals.services import send_referral

    case = open_case(caseworker_a, consent_share_coalition=True)
    with pytest.raises(ValidationError):
        send_referral(
            case=case,
            by=caseworker_a.user,
            to_organization=police,
            service=Service.objects.get(code="legal_aid"),
            urgency="routine",
            reason="test",
            sections=[],
        )


def test_directory_labels_partners_and_demo_data(as_user, caseworker_a, police, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    sahil = Organization.objects.get(short_name="Sahil")
    assert sahil.demo and sahil.name == "Sahil"
    assert ServiceOffering.objects.filter(demo=False).count() == 0
    assert not Staff.objects.filter(organization=police).exists()
    body = as_user(caseworker_a).get("/members/").content.decode()
    assert "demo data" in body
    assert "Partner outside the coalition" in body


def test_saving_the_real_head_office_removes_the_demo_label(admin_a, org_a):
    Organization.objects.filter(pk=org_a.pk).update(demo=True, head_office_province="kpk")
    services.update_directory_entry(
        organization=org_a,
        by=admin_a.user,
        changes={"head_office_province": "punjab", "head_office_district": "Lahore"},
    )
    assert not Organization.objects.get(pk=org_a.pk).demo


def test_entry_page_saves_capacity(as_user, admin_a, org_a, django_assert_max_num_queries):
    client = as_user(admin_a)
    with django_assert_max_num_queries(15):
        assert client.get("/members/entry/").status_code == 200
    response = client.post(
        "/members/entry/", {"capacity": "1", "shelter_beds_free": "5", "legal_aid_slots_free": ""}
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.shelter_beds_free == 5 and org_a.legal_aid_slots_free is None


def test_org_admin_entry_page_for_another_organisation_is_404(as_user, admin_a, org_b):
    assert as_user(admin_a).get(f"/members/{org_b.short_name}/entry/").status_code == 404


def test_secretariat_admin_edits_the_services_catalogue(
    as_user, secretariat_admin, django_assert_max_num_queries
):
    client = as_user(secretariat_admin)
    with django_assert_max_num_queries(12):
        assert client.get("/members/catalogue/").status_code == 200
    response = client.post(
        "/members/catalogue/new/",
        {"code": "interpreting", "name": "Interpreting", "name_ur": "ترجمانی", "active": "on"},
    )
    assert response.status_code == 302
    assert Service.objects.get(code="interpreting").name_ur == "ترجمانی"
    assert AccessLog.objects.filter(verb="service.created").exists()


def test_org_admin_cannot_edit_the_services_catalogue(as_user, admin_a):
    client = as_user(admin_a)
    assert client.get("/members/catalogue/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.save_service(service=Service(code="x", name="X"), by=admin_a.user)


@pytest.mark.parametrize(
    ("fixture", "visible", "hidden"),
    [
        ("supervisor_a", ["Imports"], ["Services catalogue", "Our directory entry"]),
        ("admin_a", ["Imports", "Our directory entry"], ["Services catalogue"]),
        ("secretariat_admin", ["Imports", "Services catalogue"], []),
        ("caseworker_a", [], ["Imports", "Services catalogue", "Our directory entry"]),
    ],
)
def test_navigation_leads_to_the_directory_and_import_pages(
    request, as_user, fixture, visible, hidden
):
    html = as_user(request.getfixturevalue(fixture)).get("/").content.decode()
    nav = html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    for label in visible:
        assert f">{label}<" in nav
    for label in hidden:
        assert f">{label}<" not in nav
