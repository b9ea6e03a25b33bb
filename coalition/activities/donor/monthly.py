"""The donor report of the month, in every format and language, as files of the coalition's
monthly report (registered with coalition.reports.extras when the app starts)."""

from collections.abc import Iterator

from django.conf import settings
from django.utils import translation

from coalition.reports.scope import Period

from .exports import FORMATS, filename
from .figures import build_donor_report


def monthly_files(period: Period) -> Iterator[tuple[str, str, bytes]]:
    report = build_donor_report(period)
    for language, _name in settings.LANGUAGES:
        for fmt, export in FORMATS.items():
            with translation.override(language):
                yield (
                    f"activities-{fmt}-{language}",
                    filename(report, fmt, language),
                    export.render(report),
                )
