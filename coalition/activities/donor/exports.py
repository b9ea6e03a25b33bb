"""The donor report as CSV, XLSX or PDF, in the language active when it is rendered. The table
rows, the legend and the PDF's Urdu fonts are the reports' own (coalition.reports.exports)."""

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from coalition.reports.exports.tabular import legend, table_rows
from coalition.reports.exports.to_pdf import (
    LATIN_FAMILY,
    QUIET_LOGGERS,
    URDU_FAMILY,
    URDU_NUMBERS_FAMILY,
    font_urls,
)
from coalition.spreadsheets import SafeCsvWriter, neutralise_row

from .figures import DonorReport


def title() -> str:
    return _("Activities report for donors")


def heading(report: DonorReport) -> list[tuple[str, str]]:
    period = report.period
    return [
        (_("Report"), title()),
        (_("From"), date_format(period.start, "Y-m-d")),
        (_("To"), date_format(period.end, "Y-m-d")),
        (_("Province"), period.province_label),
        (_("Activities"), str(report.activity_count)),
        (_("Made on"), date_format(timezone.localtime(report.generated_at), "Y-m-d H:i")),
    ]


def case_rows(report: DonorReport) -> list[list]:
    return [[_("Case figures of the same period"), ""]] + [
        [str(label), cell.value if cell.value is not None else cell.text]
        for label, cell in report.case_figures
    ]


def render_csv(report: DonorReport) -> bytes:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)  # labels only today; a text is never a formula
    writer.writerows(heading(report))
    for line in legend(report):
        writer.writerow([_("Note"), line])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([str(table.title)])
        writer.writerows(table_rows(table))
        if table.note:
            writer.writerow([str(table.note)])
    writer.writerow([])
    writer.writerows(case_rows(report))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(report: DonorReport) -> bytes:
    """One sheet: the heading, each table, then the case figures."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Activities"
    sheet.sheet_view.rightToLeft = get_language_bidi()
    for row in heading(report):
        sheet.append(neutralise_row(row))
    for line in legend(report):
        sheet.append(neutralise_row([_("Note"), line]))
    for table in report.tables:
        sheet.append([])
        sheet.append(neutralise_row([str(table.title)]))
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for row in table_rows(table):
            sheet.append(neutralise_row(row))
        if table.note:
            sheet.append(neutralise_row([str(table.note)]))
    sheet.append([])
    for row in case_rows(report):
        sheet.append(neutralise_row(row))
    sheet.column_dimensions["A"].width = 44
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_pdf(report: DonorReport) -> bytes:
    from weasyprint import HTML  # loads Pango: only when a PDF is made

    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    rtl = get_language_bidi()
    html = render_to_string(
        "activities/donor_pdf.html",
        {
            "report": report,
            "title": title(),
            "heading": heading(report),
            "legend": legend(report),
            "tables": [(table, table.grid()) for table in report.tables],
            "fonts": font_urls(),
            "font_family": URDU_FAMILY if rtl else LATIN_FAMILY,
            "numbers_family": URDU_NUMBERS_FAMILY,
            "rtl": rtl,
            "lang": get_language(),
        },
    )
    return HTML(string=html).write_pdf()


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[DonorReport], bytes]


FORMATS = {
    "csv": Format("csv", "text/csv; charset=utf-8", render_csv),
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx
    ),
    "pdf": Format("pdf", "application/pdf", render_pdf),
}


def filename(report: DonorReport, fmt: str, language: str) -> str:
    period = f"{report.period.start:%Y-%m-%d}_{report.period.end:%Y-%m-%d}"
    province = f"-{report.period.province}" if report.period.province else ""
    return f"activities-{period}{province}-{language}.{FORMATS[fmt].extension}"
