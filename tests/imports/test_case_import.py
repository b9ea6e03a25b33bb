"""Importing past cases: through the services, into the importer's organisation only, previewed,
all or nothing, and the same file twice makes no duplicates."""

import pytest

from cases.models import Case, CaseChange
from coalition.models import AccessLog, ImportJob

from .conftest import confirm, csv_bytes, upload, xlsx_bytes

HEADER = ["Your reference", "Intake date", "How the person reached you", "Name", "CNIC", "Phone"]


def rows(n: int = 3) -> list[list]:
    return [HEADER] + [
        [f"R-{i}", "25/03/2021", "helpline", f"Test Person {i}", "", ""] for i in range(n)
    ]


def test_supervisor_previews_then_imports_a_csv(as_user, supervisor_a, org_a):
    client = as_user(supervisor_a)
    response, job = upload(client, "cases", "cases.csv", csv_bytes(rows(3)))
    assert response.status_code == 302
    assert job.status == ImportJob.Status.PREVIEWED
    assert job.counts == {"new": 3, "update": 0, "skip": 0}
    assert not Case.objects.with_scopes_disabled().exists()  # the preview kept nothing
    page = client.get(f"/imports/job/{job.pk}/").content.decode()
    assert "To add: 3" in page
    assert job.outcomes == [[2, "new", "R-0"], [3, "new", "R-1"], [4, "new", "R-2"]]
    _response, job = confirm(client, job)
    assert job.status == ImportJob.Status.DONE
    cases = Case.objects.with_scopes_disabled().filter(organization=org_a)
    assert cases.count() == 3
    case = cases.get(external_reference="R-1")
    assert case.intake_date.isoformat() == "2021-03-25"
    assert CaseChange.objects.with_scopes_disabled().filter(case=case, what="imported").exists()
    assert AccessLog.objects.filter(verb="case.opened", case_id=case.pk).exists()
    entry = AccessLog.objects.get(verb="import.cases")
    assert entry.action == AccessLog.Action.IMPORT and entry.details["new"] == 3
    assert not job.stored_name  # the file is not kept once imported


def test_reimporting_the_same_file_changes_nothing(as_user, supervisor_a):
    client = as_user(supervisor_a)
    data = xlsx_bytes(rows(4))
    confirm(client, upload(client, "cases", "cases.xlsx", data)[1])
    before = list(Case.objects.with_scopes_disabled().values_list("pk", "version", "updated_at"))
    history = CaseChange.objects.with_scopes_disabled().count()
    _response, job = upload(client, "cases", "cases.xlsx", data)
    assert job.counts == {"new": 0, "update": 0, "skip": 4}
    _response, job = confirm(client, job)
    assert job.status == ImportJob.Status.DONE
    after = list(Case.objects.with_scopes_disabled().values_list("pk", "version", "updated_at"))
    assert after == before
    assert CaseChange.objects.with_scopes_disabled().count() == history


def test_reimport_with_a_changed_cell_updates_through_update_case(as_user, supervisor_a):
    client = as_user(supervisor_a)
    confirm(client, upload(client, "cases", "cases.csv", csv_bytes(rows(2)))[1])
    changed = rows(2)
    changed[1][3] = "Another Name"
    _response, job = upload(client, "cases", "cases.csv", csv_bytes(changed))
    assert job.counts == {"new": 0, "update": 1, "skip": 1}
    confirm(client, job)
    case = Case.objects.with_scopes_disabled().get(external_reference="R-0")
    assert case.full_name == "Another Name" and case.version == 2
    assert AccessLog.objects.filter(verb="case.updated", case_id=case.pk).exists()


def test_a_file_whose_last_row_is_bad_imports_nothing(as_user, supervisor_a):
    client = as_user(supervisor_a)
    data = rows(5)
    data[-1][1] = "31/02/2021"
    _response, job = upload(client, "cases", "cases.csv", csv_bytes(data))
    assert job.status == ImportJob.Status.REJECTED
    assert job.errors == [
        {"row": 6, "column": "Intake date", "message": "There is no such date: 31/02/2021."}
    ]
    _response, job = confirm(client, job)
    assert job.status == ImportJob.Status.REJECTED
    assert not Case.objects.with_scopes_disabled().exists()


def test_rows_go_into_the_importers_organisation_whatever_the_file_says(
    as_user, supervisor_a, caseworker_b, org_b
):
    from tests.cases.conftest import open_case

    theirs = open_case(caseworker_b)
    client = as_user(supervisor_a)
    data = [
        [
            "Your reference",
            "Case number",
            "Organisation",
            "Intake date",
            "How the person reached you",
        ],
        ["X-1", "", "LAS", "01/01/2022", "helpline"],
        ["", theirs.number, "", "01/01/2022", "helpline"],
    ]
    _response, job = upload(client, "cases", "cases.csv", csv_bytes(data))
    assert job.status == ImportJob.Status.REJECTED
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "Organisation"),
        (3, "Case number"),
    ]
    assert Case.objects.with_scopes_disabled().filter(organization=org_b).count() == 1


def test_urdu_headers_urdu_digits_and_short_years_are_read(as_user, supervisor_a):
    client = as_user(supervisor_a)
    data = [
        ["آپ کا حوالہ", "اندراج کی تاریخ", "رابطے کا ذریعہ", "شناختی کارڈ نمبر", "فون"],
        ["U-1", "۲۵-۰۳-۲۱", "helpline", "۳۵۲۰۲۱۲۳۴۵۶۷۱", "۰۳۰۰۱۲۳۴۵۶۷"],
        ["U-2", "01-12-99", "walk_in", "35202-1234567-2", ""],
    ]
    confirm(client, upload(client, "cases", "urdu.csv", csv_bytes(data))[1])
    first = Case.objects.with_scopes_disabled().get(external_reference="U-1")
    assert first.intake_date.isoformat() == "2021-03-25"
    assert first.cnic == "35202-1234567-1" and first.phone == "+923001234567"
    second = Case.objects.with_scopes_disabled().get(external_reference="U-2")
    assert second.intake_date.isoformat() == "1999-12-01"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256"])
def test_csv_in_each_encoding_is_read(as_user, supervisor_a, encoding):
    data = [HEADER, ["E-1", "25/03/2021", "helpline", "نسرين بي بي", "", ""]]
    _response, job = upload(as_user(supervisor_a), "cases", "e.csv", csv_bytes(data, encoding))
    assert job.status == ImportJob.Status.PREVIEWED, job.errors
    assert job.counts["new"] == 1


def test_bad_cnic_and_unknown_choice_are_reported_by_row_and_column(as_user, supervisor_a):
    data = rows(2)
    data[1][4] = "1234"
    data[2][2] = "carrier pigeon"
    _response, job = upload(as_user(supervisor_a), "cases", "c.csv", csv_bytes(data))
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "CNIC"),
        (3, "How the person reached you"),
    ]


def test_errors_are_in_the_importers_language(as_user, supervisor_a):
    supervisor_a.language = "ur"
    supervisor_a.save()
    data = rows(1)
    data[1][1] = "31/02/2021"
    _response, job = upload(as_user(supervisor_a), "cases", "c.csv", csv_bytes(data))
    assert job.errors[0]["column"] == "اندراج کی تاریخ"
    assert "31/02/2021" in job.errors[0]["message"]
    assert "There is no such date" not in job.errors[0]["message"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "is empty."),
        ("blank.csv", b"\n\n ,, \n", "The file is empty."),
        ("headers.csv", b"Your reference,Intake date\n", "no rows under them"),
        ("cases.txt", b"a,b\n1,2\n", "Send a .csv or .xlsx file"),
        ("cases", b"a,b\n1,2\n", "has no ending such as .csv or .xlsx"),
        ("broken.xlsx", b"not a zip", "not an Excel workbook"),
    ],
)
def test_files_that_cannot_be_read_are_refused_clearly(as_user, supervisor_a, name, data, message):
    response, job = upload(as_user(supervisor_a), "cases", name, data)
    body = response.content.decode()
    if job is not None and job.errors:
        body = job.errors[0]["message"]
    assert message in body
    assert not Case.objects.with_scopes_disabled().exists()


def test_missing_and_unknown_columns_are_named(as_user, supervisor_a):
    client = as_user(supervisor_a)
    _response, job = upload(client, "cases", "m.csv", csv_bytes([["Your reference"], ["A"]]))
    assert (
        "These columns are missing: Intake date, How the person reached you"
        in job.errors[0]["message"]
    )
    _response, job = upload(
        client,
        "cases",
        "u.csv",
        csv_bytes([[*HEADER, "Religion"], ["A", "01/01/2020", "helpline", "", "", "", "x"]]),
    )
    assert "not known: Religion" in job.errors[0]["message"]


def test_a_file_over_the_size_limit_is_refused(as_user, supervisor_a, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response, job = upload(as_user(supervisor_a), "cases", "big.csv", b"a" * 2048)
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert job is None


def test_caseworker_and_org_admin_cannot_import_cases(as_user, caseworker_a, admin_a):
    for staff in (caseworker_a, admin_a):
        assert as_user(staff).get("/imports/cases/").status_code == 404


def test_another_persons_import_is_404(as_user, supervisor_a, caseworker_a):
    from members.roles import Role
    from tests.factories import make_staff

    _response, job = upload(as_user(supervisor_a), "cases", "c.csv", csv_bytes(rows(1)))
    other = make_staff(supervisor_a.organization, Role.SUPERVISOR, "a-supervisor-2")
    assert as_user(other).get(f"/imports/job/{job.pk}/").status_code == 404
    assert as_user(other).post(f"/imports/job/{job.pk}/confirm/").status_code == 404


def test_imported_cnics_are_checked_for_duplicates_as_at_intake(
    as_user, supervisor_a, caseworker_b
):
    from cases.models import PossibleDuplicate
    from tests.cases.conftest import open_case

    open_case(caseworker_b, cnic="35202-1234567-9")
    data = rows(1)
    data[1][4] = "3520212345679"
    client = as_user(supervisor_a)
    confirm(client, upload(client, "cases", "d.csv", csv_bytes(data))[1])
    assert PossibleDuplicate.objects.count() == 1
    check = AccessLog.objects.filter(verb="case.duplicate_check").get()
    assert check.details["imported"] is True and "35202" not in str(check.details)


def test_import_pages_query_counts(as_user, supervisor_a, django_assert_max_num_queries):
    client = as_user(supervisor_a)
    _response, job = upload(client, "cases", "c.csv", csv_bytes(rows(2)))
    for url in ("/imports/", "/imports/cases/", f"/imports/job/{job.pk}/"):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
    assert client.get("/imports/cases/template.xlsx").status_code == 200
    assert "Your reference" in client.get("/imports/cases/template.csv").content.decode("utf-8-sig")


def test_ten_thousand_rows_run_in_the_job_with_progress_and_all_commit(
    as_user, supervisor_a, org_a, settings
):
    settings.DUPLICATE_CHECKS_PER_HOUR = 30
    data = [["Your reference", "Intake date", "How the person reached you", "Phone"]]
    data += [[f"B-{i:05d}", "01/02/2020", "walk_in", f"0300{i:07d}"] for i in range(10_000)]
    client = as_user(supervisor_a)
    _response, job = upload(client, "cases", "big.csv", csv_bytes(data))
    assert job.status == ImportJob.Status.PREVIEWED, job.errors[:3]
    assert job.total_rows == 10_000 and job.counts["new"] == 10_000
    from coalition.imports.runner import progress_of

    assert progress_of(job) == 10_000  # the progress bar reached the end
    _response, job = confirm(client, job)
    assert job.status == ImportJob.Status.DONE
    cases = Case.objects.with_scopes_disabled().filter(organization=org_a)
    assert cases.count() == 10_000
    assert len(set(cases.values_list("number", flat=True))) == 10_000
    assert AccessLog.objects.filter(verb="case.opened").count() == 10_000
    # The import is one act of duplicate checking, not 10,000 (within the hourly limit).
    assert AccessLog.objects.filter(verb="case.duplicate_check").count() == 1


def test_progress_page_while_the_job_runs(as_user, supervisor_a, org_a):
    job = ImportJob.objects.create(
        kind="cases",
        organization=org_a,
        created_by=supervisor_a.user,
        file_name="x.csv",
        sha256="0" * 64,
        total_rows=200,
    )
    from coalition.imports.runner import _set_progress

    _set_progress(job.pk, 50)
    body = as_user(supervisor_a).get(f"/imports/job/{job.pk}/").content.decode()
    assert 'value="25"' in body and 'http-equiv="refresh"' in body


def test_the_waiting_spreadsheet_is_encrypted_on_disk(as_user, supervisor_a, settings):
    data = csv_bytes(rows(2))
    _response, job = upload(as_user(supervisor_a), "cases", "cases.csv", data)
    stored = (settings.IMPORT_ROOT / job.stored_name).read_bytes()
    assert stored.startswith(b"CENC1") and b"Name" not in stored
    assert job.status == ImportJob.Status.PREVIEWED  # and the check read it back
