"""The donor report as files of stored reports (registered with coalition.reports.extras when
the app starts): every format and language in the coalition's monthly report, and the PDF of a
chosen period as a stored report of its own, built by the report job rather than in a request
(a PDF takes seconds to lay out)."""

from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.utils import translation

from coalition.reports.scope import Period

from .exports import FORMATS, filename
from .figures import build_donor_report


def _files(
    period: Period, formats: Iterable[str], key: Callable[[str, str], str]
) -> Iterator[tuple[str, str, bytes]]:
    report = build_donor_report(period)
    for language, _name in settings.LANGUAGES:
        for fmt in formats:
            with translation.override(language):
                content = FORMATS[fmt].render(report)
            yield key(fmt, language), filename(report, fmt, language), content


def monthly_files(period: Period) -> Iterator[tuple[str, str, bytes]]:
    return _files(period, FORMATS, lambda fmt, language: f"activities-{fmt}-{language}")


def pdf_files(period: Period) -> Iterator[tuple[str, str, bytes]]:
    """Keyed as the reports' own files are, so the stored report's page offers them."""
    return _files(period, ["pdf"], lambda fmt, language: f"{fmt}-{language}")


PDF_FILES = len(settings.LANGUAGES)
