"""Bar charts for the PDF, drawn on the server as SVG: WeasyPrint runs no JavaScript.

Each row of a chart is one table row of the PDF: its label in HTML (so Urdu is shaped by the
text engine) and its bars as a small SVG, one bar per series. In a right-to-left report the
bars grow from the right.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Colours that stay apart in print and for the common colour-vision deficiencies.
PALETTE = ["#0b5c8a", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#6b6b6b"]
BAR_HEIGHT = 6
GAP = 2
MM_PER_UNIT = 0.3  # a bar 1.8 mm high in print


@dataclass
class ChartRow:
    label: str
    bars: SafeString


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def chart_rows(data: dict, *, rtl: bool) -> list[ChartRow]:
    """One row per label, with its bars scaled to the largest value shown in the chart."""
    values = [value for series in data["series"] for value in series["data"] if value]
    largest = max(values, default=0)
    rows = []
    for index, label in enumerate(data["labels"]):
        bars = [(series["data"][index], n) for n, series in enumerate(data["series"])]
        rows.append(ChartRow(label, _svg(bars, largest, rtl=rtl)))
    return rows


def _svg(bars: list[tuple], largest: float, *, rtl: bool) -> SafeString:
    height = len(bars) * (BAR_HEIGHT + GAP)
    rects = []
    for n, (value, series) in enumerate(bars):
        width = 100 * (value or 0) / largest if largest else 0
        x = 100 - width if rtl else 0
        rects.append(
            (f"{x:.2f}", n * (BAR_HEIGHT + GAP), f"{width:.2f}", BAR_HEIGHT, colour(series))
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 {}" preserveAspectRatio="none" '
        'width="100%" height="{}mm">{}</svg>',
        height,
        f"{height * MM_PER_UNIT:.1f}",
        format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>', rects),
    )


def legend(data: dict) -> list[tuple[str, str]]:
    return [(series["label"], colour(n)) for n, series in enumerate(data["series"])]
