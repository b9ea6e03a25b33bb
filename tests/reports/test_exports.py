"""Every report exports as CSV, XLSX and PDF, in the reader's language, with the figures, no
identifiers, and an access-log entry."""

import csv
import io

import openpyxl
import pytest
from pypdf import PdfReader

from coalition.models import AccessLog
from coalition.reports.models import StoredReport

from .conftest import QUERY


def export(client, fmt: str, **extra):
    response = client.get(f"/reports/export/{fmt}/", {**QUERY, **extra})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    return response


def pdf_export(client, on_commit, language: str = "en", **extra) -> tuple[str, bytes]:
    """The report's PDF as the dashboard's button gets it: asked for, made by the job (run
    when the request commits), then downloaded. Returns the file's name and its bytes."""
    with on_commit(execute=True):
        asked = client.post("/reports/request/", {**QUERY, **extra})
    assert asked.status_code == 302
    stored = StoredReport.objects.latest("pk")
    assert stored.status == StoredReport.Status.DONE
    response = client.get(f"/reports/stored/{stored.pk}/files/pdf-{language}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.filename, b"".join(response.streaming_content)


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


def test_pdf_is_a_pdf_with_the_figures_and_charts(member, django_capture_on_commit_callbacks):
    _name, content = pdf_export(member, django_capture_on_commit_callbacks)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Report of Sahil" in text
    assert "People by gender identity" in text
    assert "Transgender, all identities" in text
    assert not any("Nastaliq" in font for font in pdf_fonts(content))  # English: no Urdu font


def test_pdf_in_urdu_is_right_to_left_with_the_nastaliq_font_embedded(
    member, django_capture_on_commit_callbacks
):
    name, content = pdf_export(member, django_capture_on_commit_callbacks, language="ur")
    assert name.endswith("-ur.pdf")
    assert any("Nastaliq" in font for font in pdf_fonts(content))


def test_a_pdf_is_never_made_inside_a_request(member):
    """Laying a PDF out takes seconds of CPU: only the report job makes one."""
    assert member.get("/reports/export/pdf/", QUERY).status_code == 404
    assert not StoredReport.objects.exists()


def test_xlsx_in_urdu_reads_right_to_left(member):
    member.post("/i18n/setlang/", {"language": "ur", "next": "/reports/"})
    workbook = openpyxl.load_workbook(io.BytesIO(export(member, "xlsx").content))
    assert workbook.worksheets[1].sheet_view.rightToLeft


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_export_is_in_the_access_log(member, supervisor_a, org_a, fmt):
    export(member, fmt, province="punjab")
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert entry.actor == supervisor_a.user
    assert entry.verb == "report.exported"
    assert entry.organization == org_a
    assert entry.details["format"] == fmt
    assert entry.details["period_start"] == "2026-01-01"
    assert entry.details["province"] == "punjab"


def test_the_pdf_asked_for_and_downloaded_is_in_the_access_log(
    member, supervisor_a, org_a, django_capture_on_commit_callbacks
):
    pdf_export(member, django_capture_on_commit_callbacks, province="punjab")
    asked = AccessLog.objects.get(verb="report.requested")
    downloaded = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (asked.actor, downloaded.actor) == (supervisor_a.user, supervisor_a.user)
    assert downloaded.verb == "report.exported"
    assert downloaded.organization == org_a
    assert downloaded.details["format"] == "pdf-en"
    stored = StoredReport.objects.get()
    assert (stored.period_start.isoformat(), stored.province) == ("2026-01-01", "punjab")


def test_no_export_names_a_person_or_a_case(
    as_user, coalition, analyst, small_k, django_capture_on_commit_callbacks
):
    client = as_user(analyst)
    texts = [
        export(client, "csv").content.decode("utf-8-sig"),
        pdf_text(pdf_export(client, django_capture_on_commit_callbacks)[1]),
    ]
    workbook = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx").content))
    texts.append(
        " ".join(str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row)
    )
    for case in [*coalition.a.values(), *coalition.b.values()]:
        for text in texts:
            assert case.number not in text
            assert case.full_name not in text
