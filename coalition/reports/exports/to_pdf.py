"""The PDF: laid out for print (A4, page numbers), with charts, in English or Urdu."""

import logging
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi

from ..figures import Report
from . import charts
from .tabular import heading, legend, title

# The fonts an Urdu PDF embeds, by the names its @font-face rules give them. The names are the
# app's own on purpose: under the font's real name ("Noto Nastaliq Urdu") a machine that has that
# font installed lends its copy for the characters the vendored one lacks (digits, "<", "-"), and
# the PDF ends up drawing that copy's glyph numbers with the vendored file's glyphs: "32" showed as
# Arabic letters and dates as question marks. The Nastaliq font has no Latin letters, digits or
# most punctuation, so Noto Sans (Latin) comes next; numbers in <bdi dir="ltr"> take it first.
URDU_FONTS = {
    "nastaliq_regular": "vendor/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2",
    "nastaliq_bold": "vendor/fonts/noto-nastaliq-urdu-arabic-700-normal.woff2",
    "latin_regular": "vendor/fonts/noto-sans-latin-400-normal.woff2",
    "latin_bold": "vendor/fonts/noto-sans-latin-700-normal.woff2",
}
LATIN_FAMILY = '"DejaVu Sans", "Liberation Sans", sans-serif'
URDU_FAMILY = f'"PDF Nastaliq", "PDF Latin", {LATIN_FAMILY}'
URDU_NUMBERS_FAMILY = f'"PDF Latin", "PDF Nastaliq", {LATIN_FAMILY}'
# WeasyPrint and fontTools narrate every page and font at INFO: keep the server log for the app.
QUIET_LOGGERS = ("weasyprint.progress", "fontTools")


def font_urls() -> dict[str, str]:
    """file:// addresses of the vendored fonts an Urdu PDF embeds."""
    return {weight: Path(finders.find(path)).as_uri() for weight, path in URDU_FONTS.items()}


def render(report: Report) -> bytes:
    from weasyprint import HTML  # loads Pango: only when a PDF is made

    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)

    rtl = get_language_bidi()
    sections = [
        (section, [_printable(table, rtl=rtl) for table in section.tables])
        for section in report.sections
    ]
    html = render_to_string(
        "reports/pdf.html",
        {
            "report": report,
            "title": title(report),
            "heading": heading(report),
            "legend": legend(report),
            "sections": sections,
            "key_figures": report.key_figures(),
            "fonts": font_urls(),
            "font_family": URDU_FAMILY if rtl else LATIN_FAMILY,
            "numbers_family": URDU_NUMBERS_FAMILY,
            "rtl": rtl,
            "lang": get_language(),
        },
    )
    return HTML(string=html).write_pdf()


def _printable(table, *, rtl: bool) -> dict:
    data = table.chart_data()
    return {
        "table": table,
        "grid": table.grid(),
        "chart": charts.chart_rows(data, rtl=rtl) if data else None,
        "legend": charts.legend(data) if data and len(data["series"]) > 1 else None,
    }
