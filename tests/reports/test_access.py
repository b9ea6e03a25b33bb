"""Who gets which report: the coalition's, their own member's, or none (403), and never
another organisation's stored report (404)."""

import pytest

from coalition.reports.models import StoredReport

from .conftest import PERIOD

URLS = ["/reports/", "/reports/export/csv/"]


def stored_report(organization=None, kind=StoredReport.Kind.ON_REQUEST) -> StoredReport:
    return StoredReport.objects.create(
        kind=kind,
        organization=organization,
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        status=StoredReport.Status.DONE,
        files={"csv-en": "reports/none.csv"},
    )


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("fixture", ["caseworker_a", "desk_a"])
def test_roles_without_a_report_permission_get_403(request, as_user, fixture, url):
    assert as_user(request.getfixturevalue(fixture)).get(url).status_code == 403


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client):
    response = client.get("/reports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("fixture", ["supervisor_a", "admin_a"])
def test_supervisors_and_org_admins_get_their_organisation_s_report(request, as_user, fixture):
    staff = request.getfixturevalue(fixture)
    response = as_user(staff).get("/reports/")
    assert response.status_code == 200
    assert response.context["scope"].organization == staff.organization


@pytest.mark.parametrize("fixture", ["analyst", "secretariat_admin"])
def test_the_secretariat_gets_the_coalition_report(request, as_user, fixture):
    response = as_user(request.getfixturevalue(fixture)).get("/reports/")
    assert response.status_code == 200
    assert response.context["scope"].is_coalition


@pytest.mark.parametrize(
    "path", ["/reports/stored/{pk}/", "/reports/stored/{pk}/progress/",
             "/reports/stored/{pk}/files/csv-en/"],
)  # fmt: skip
def test_another_organisation_s_stored_report_is_404(as_user, org_a, supervisor_b, analyst, path):
    report = stored_report(org_a)
    assert as_user(supervisor_b).get(path.format(pk=report.pk)).status_code == 404
    # The secretariat sees aggregates of the coalition, not a member's own exact report.
    assert as_user(analyst).get(path.format(pk=report.pk)).status_code == 404


def test_a_member_does_not_see_the_coalition_s_stored_reports(as_user, supervisor_a):
    report = stored_report(None, StoredReport.Kind.MONTHLY)
    assert as_user(supervisor_a).get(f"/reports/stored/{report.pk}/").status_code == 404


def test_a_member_s_dashboard_lists_its_own_stored_reports_only(as_user, org_a, org_b, admin_a):
    own, other = stored_report(org_a), stored_report(org_b)
    listed = [item.pk for item, _ in as_user(admin_a).get("/reports/").context["stored"]]
    assert own.pk in listed
    assert other.pk not in listed


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_secretariat_makes_ctdc_datasets(as_user, supervisor_a, method):
    response = getattr(as_user(supervisor_a), method)("/reports/ctdc/")
    assert response.status_code == 403


def test_an_unknown_export_format_is_404(as_user, analyst):
    assert as_user(analyst).get("/reports/export/docx/").status_code == 404


def test_the_reports_menu_entry_shows_for_report_roles_only(as_user, supervisor_a, caseworker_a):
    assert 'href="/reports/"' in as_user(supervisor_a).get("/").content.decode()
    assert 'href="/reports/"' not in as_user(caseworker_a).get("/").content.decode()
