"""A report as a file: CSV, XLSX or PDF, in the language active when it is rendered."""

from collections.abc import Callable
from dataclasses import dataclass

from ..figures import Report
from . import to_csv, to_pdf, to_xlsx


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[Report], bytes]


FORMATS = {
    "csv": Format("csv", "text/csv; charset=utf-8", to_csv.render),
    "xlsx": Format(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        to_xlsx.render,
    ),
    "pdf": Format("pdf", "application/pdf", to_pdf.render),
}


def filename(report: Report, fmt: str, language: str) -> str:
    period = f"{report.period.start:%Y-%m-%d}_{report.period.end:%Y-%m-%d}"
    province = f"-{report.period.province}" if report.period.province else ""
    return f"report-{report.scope.slug}-{period}{province}-{language}.{FORMATS[fmt].extension}"
