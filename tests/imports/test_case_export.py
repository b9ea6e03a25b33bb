"""A supervisor's export of the organisation's cases."""

import csv
import io

from openpyxl import load_workbook

from coalition.models import AccessLog
from coalition.spreadsheets import neutralise
from tests.cases.conftest import open_case


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_leaves_identifying_fields_out_by_default(as_user, supervisor_a, caseworker_a):
    open_case(caseworker_a, full_name="Test Person One", cnic="35202-1234567-1")
    response = as_user(supervisor_a).post("/cases/export/", {"format": "csv"})
    assert response.status_code == 200
    rows = _rows(response)
    assert "Name" not in rows[0] and "CNIC" not in rows[0]
    assert "Test Person One" not in response.content.decode("utf-8-sig")
    entry = AccessLog.objects.get(verb="cases.exported")
    assert entry.action == AccessLog.Action.EXPORT
    assert entry.details["identifying"] is False and entry.details["count"] == 1


def test_identifying_fields_need_a_reason_which_is_logged(as_user, supervisor_a, caseworker_a):
    open_case(caseworker_a, full_name="Test Person One")
    client = as_user(supervisor_a)
    response = client.post("/cases/export/", {"format": "xlsx", "identifying": "on"})
    assert response.status_code == 200
    assert "Say why" in response.content.decode()
    assert not AccessLog.objects.filter(verb="cases.exported").exists()
    reason = "Court asked for the list of our clients for the hearing."
    response = client.post(
        "/cases/export/", {"format": "xlsx", "identifying": "on", "reason": reason}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Test Person One" in values
    assert AccessLog.objects.get(verb="cases.exported").details["reason"] == reason


def test_every_cell_that_could_be_a_formula_is_neutralised(as_user, supervisor_a, caseworker_a):
    open_case(caseworker_a, summary='=HYPERLINK("http://x")', origin_district="-Lahore")
    response = as_user(supervisor_a).post("/cases/export/", {"format": "csv"})
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "'-Lahore" in body
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(f"{start}1") == f"'{start}1"
    assert neutralise("Lahore") == "Lahore" and neutralise(5) == 5


def test_export_holds_only_the_organisations_own_cases(
    as_user, supervisor_a, caseworker_a, caseworker_b
):
    mine = open_case(caseworker_a)
    theirs = open_case(caseworker_b)
    body = as_user(supervisor_a).post("/cases/export/", {"format": "csv"}).content.decode()
    assert mine.number in body and theirs.number not in body


def test_caseworker_and_org_admin_cannot_export(as_user, caseworker_a, admin_a):
    for staff in (caseworker_a, admin_a):
        assert as_user(staff).get("/cases/export/").status_code == 404


def test_an_exported_file_imported_again_changes_nothing(as_user, supervisor_a, caseworker_a):
    from cases.models import Case

    from .conftest import upload

    open_case(caseworker_a, intake_channel="helpline")
    client = as_user(supervisor_a)
    exported = client.post("/cases/export/", {"format": "xlsx"}).content
    _response, job = upload(client, "cases", "export.xlsx", exported)
    assert job.counts == {"new": 0, "update": 0, "skip": 1}, job.errors
    assert Case.objects.with_scopes_disabled().get().version == 1


def test_export_page_query_count(as_user, supervisor_a, django_assert_max_num_queries):
    client = as_user(supervisor_a)
    with django_assert_max_num_queries(10):
        assert client.get("/cases/export/").status_code == 200
