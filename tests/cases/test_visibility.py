"""Who sees which case: DESIGN.md, "Who sees what". An unseen case answers 404, never 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes.exceptions import ScopeError

from cases import services
from cases.models import Case, Note
from members import services as member_services
from members.roles import Role
from tests.factories import make_staff

from .conftest import open_case

CASE_PAGES = [
    "/cases/{pk}/",
    "/cases/{pk}/edit/",
    "/cases/{pk}/notes/",
    "/cases/{pk}/documents/",
    "/cases/{pk}/history/",
    "/cases/{pk}/legal/",
    "/cases/{pk}/services/",
    "/cases/{pk}/assign/",
    "/cases/{pk}/status/",
    "/cases/{pk}/close/",
    "/cases/{pk}/close/review/",
    "/cases/{pk}/reopen/",
    "/cases/{pk}/consent/",
]


@pytest.mark.parametrize("url", CASE_PAGES)
def test_another_organisation_gets_404_on_every_page_of_a_case(as_user, supervisor_b, case_a, url):
    client = as_user(supervisor_b)
    assert client.get(url.format(pk=case_a.pk)).status_code == 404
    assert client.post(url.format(pk=case_a.pk), {"note": "x", "text": "x"}).status_code == 404


def test_a_case_that_does_not_exist_answers_like_a_hidden_one(as_user, supervisor_b):
    assert as_user(supervisor_b).get("/cases/999999/").status_code == 404


def test_another_organisation_cannot_download_a_document(as_user, caseworker_a, supervisor_b):
    case = open_case(caseworker_a)
    document = services.add_document(
        case=case,
        by=caseworker_a.user,
        uploaded=SimpleUploadedFile("statement.pdf", b"%PDF-1.4 test"),
        doc_type="statement",
        description="",
        confidential=False,
        content_type="application/pdf",
    )
    url = f"/cases/{case.pk}/documents/{document.pk}/"
    assert as_user(supervisor_b).get(url).status_code == 404
    assert as_user(caseworker_a).get(url).status_code == 200


def test_search_never_finds_another_organisations_case(as_user, supervisor_b, case_a):
    client = as_user(supervisor_b)
    for q in [case_a.number, "Ayesha", "Shanno", "35202-1234567-1", "03001234567"]:
        html = client.get("/cases/", {"q": q}).content.decode()
        assert f'href="/cases/{case_a.pk}/"' not in html, q
        assert "No case matches" in html


def test_a_caseworker_sees_their_own_and_their_teams_cases_only(
    as_user, org_a, caseworker_a, caseworker_a2, supervisor_a, admin_a
):
    mine = open_case(caseworker_a, full_name="Mine Case")
    colleagues = open_case(caseworker_a2, full_name="Colleague Case")
    client = as_user(caseworker_a)
    assert client.get(f"/cases/{mine.pk}/").status_code == 200
    assert client.get(f"/cases/{colleagues.pk}/").status_code == 404
    assert "Colleague Case" not in client.get("/cases/").content.decode()

    team = member_services.create_team(organization=org_a, by=admin_a.user, name="Kasur")
    for staff in (caseworker_a, caseworker_a2):  # through the service, which tells the cache
        member_services.update_staff(
            staff=staff,
            by=admin_a.user,
            first_name=staff.user.first_name,
            last_name=staff.user.last_name,
            email=staff.user.email,
            team=team,
            language=staff.language,
        )
    client = as_user(caseworker_a)
    assert client.get(f"/cases/{colleagues.pk}/").status_code == 200

    html = as_user(supervisor_a).get("/cases/").content.decode()
    assert "Mine Case" in html and "Colleague Case" in html


@pytest.mark.parametrize(
    "role", [Role.REFERRAL_DESK, Role.ORG_ADMIN, Role.SECRETARIAT_ANALYST, Role.SECRETARIAT_ADMIN]
)
def test_roles_without_case_access_see_no_case(as_user, org_a, secretariat, case_a, role):
    organization = secretariat if role.startswith("secretariat") else org_a
    staff = make_staff(organization, role, f"x-{role}")
    client = as_user(staff)
    assert client.get(f"/cases/{case_a.pk}/").status_code == 404
    assert client.get("/cases/").status_code in (403, 200)
    assert f'href="/cases/{case_a.pk}/"' not in client.get("/cases/").content.decode()


def test_a_per_case_grant_opens_one_case_to_a_named_person(
    as_user, caseworker_a, supervisor_a, caseworker_b, case_a
):
    other = open_case(caseworker_a)
    services.grant_case_access(case=case_a, by=supervisor_a.user, grantee=caseworker_b.user)
    client = as_user(caseworker_b)
    assert client.get(f"/cases/{case_a.pk}/").status_code == 200
    assert client.get(f"/cases/{other.pk}/").status_code == 404


def test_a_deactivated_user_is_signed_out(client, caseworker_a, admin_a, case_a):
    client.force_login(caseworker_a.user)
    member_services.set_staff_active(staff=caseworker_a, by=admin_a.user, active=False)
    response = client.get(f"/cases/{case_a.pk}/")
    assert response.status_code == 302


def test_a_query_that_forgets_its_scope_fails_loudly(case_a):
    with pytest.raises(ScopeError):
        list(Case.objects.all())
    with pytest.raises(ScopeError):
        list(Note.objects.filter(case=case_a))


def test_a_per_case_grant_reads_but_does_not_change_the_file(
    as_user, supervisor_a, caseworker_b, case_a
):
    from .conftest import edit_data

    services.grant_case_access(case=case_a, by=supervisor_a.user, grantee=caseworker_b.user)
    client = as_user(caseworker_b)
    assert client.get(f"/cases/{case_a.pk}/edit/").status_code == 404
    client.post(f"/cases/{case_a.pk}/edit/", edit_data(case_a, full_name="Changed"))
    client.post(f"/cases/{case_a.pk}/follow-up/", {"next_follow_up": "2026-01-01"})
    client.post(f"/cases/{case_a.pk}/close/", {"reason": "duplicate"})
    case = Case.objects.with_scopes_disabled().get(pk=case_a.pk)
    assert case.full_name == "Ayesha Bibi" and case.next_follow_up is None
    assert case.status == "open"
    services.revoke_case_access(case=case_a, by=supervisor_a.user, grantee=caseworker_b.user)
    assert as_user(caseworker_b).get(f"/cases/{case_a.pk}/").status_code == 404
