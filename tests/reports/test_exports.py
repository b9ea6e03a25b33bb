"""Every report exports as CSV, XLSX and PDF, in the reader's language, with the figures, no
identifiers, and an access-log entry."""

import csv
import io

import openpyxl
import pytest
from pypdf import PdfReader

from coalition.models import AccessLog

from .conftest import QUERY


def export(client, fmt: str, **extra):
    response = client.get(f"/reports/export/{fmt}/", {**QUERY, **extra})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    return response


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def section(rows: list[list[str]], title: str) -> list[list[str]]:
    """The rows of one table: from its title to the blank line after it."""
    start = rows.index([title])
    end = next(i for i in range(start, len(rows)) if not rows[i])
    return rows[start + 1 : end]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_fonts(content: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


@pytest.fixture
def member(as_user, coalition, supervisor_a, small_k):
    return as_user(supervisor_a)


def test_csv_holds_the_figures_and_hides_small_cells(member):
    rows = csv_rows(export(member, "csv").content)
    assert ["Report", "Report of Sahil"] in rows
    assert section(rows, "People by sex") == [
        ["Sex", "People"], ["Female", "3"], ["Male", "2"], ["Intersex", "1"],
        ["Not known", "0"], ["Total", "6"],
    ]  # fmt: skip
    services_for_others = section(rows, "Services we gave to people referred by other members")
    assert services_for_others[-1] == ["Total", "<2"]


def test_xlsx_opens_with_a_sheet_per_table(member):
    workbook = openpyxl.load_workbook(io.BytesIO(export(member, "xlsx").content))
    assert workbook.sheetnames[0] == "About"
    sheet = workbook["People by sex"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=7)]
    assert values[0] == ["Sex", "People"]
    assert ["Female", 3] in values
    assert ["Total", 6] in values
    assert not sheet.sheet_view.rightToLeft


def test_pdf_is_a_pdf_with_the_figures_and_charts(member):
    content = export(member, "pdf").content
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Report of Sahil" in text
    assert "People by gender identity" in text
    assert "Transgender, all identities" in text
    assert not any("Nastaliq" in font for font in pdf_fonts(content))  # English: no Urdu font


def test_pdf_in_urdu_is_right_to_left_with_the_nastaliq_font_embedded(member, supervisor_a):
    member.post("/i18n/setlang/", {"language": "ur", "next": "/reports/"})
    response = export(member, "pdf")
    assert response["Content-Disposition"].endswith('-ur.pdf"')
    assert any("Nastaliq" in font for font in pdf_fonts(response.content))


def test_xlsx_in_urdu_reads_right_to_left(member):
    member.post("/i18n/setlang/", {"language": "ur", "next": "/reports/"})
    workbook = openpyxl.load_workbook(io.BytesIO(export(member, "xlsx").content))
    assert workbook.worksheets[1].sheet_view.rightToLeft


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_every_export_is_in_the_access_log(member, supervisor_a, org_a, fmt):
    export(member, fmt, province="punjab")
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert entry.actor == supervisor_a.user
    assert entry.verb == "report.exported"
    assert entry.organization == org_a
    assert entry.details["format"] == fmt
    assert entry.details["period_start"] == "2026-01-01"
    assert entry.details["province"] == "punjab"


def test_no_export_names_a_person_or_a_case(as_user, coalition, analyst, small_k):
    client = as_user(analyst)
    texts = [
        export(client, "csv").content.decode("utf-8-sig"),
        pdf_text(export(client, "pdf").content),
    ]
    workbook = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx").content))
    texts.append(
        " ".join(str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row)
    )
    for case in [*coalition.a.values(), *coalition.b.values()]:
        for text in texts:
            assert case.number not in text
            assert case.full_name not in text
