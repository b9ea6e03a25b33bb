"""A report table: rows, columns, totals, and what each cell may show.

Figures modules fill tables with counts from the database; `protect` then marks the cells of the
tables that need small-cell suppression (suppression.py), and templates and exports read what to
show from `Table.cell`. A table is *protected* when it counts people the reader has no business
counting exactly: every table of the coalition report, and in a member's report the tables that
involve other members' cases. A protected table also publishes every count it shows rounded
(rounding.py), and its percentages from the rounded counts.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .rounding import BASE, rounded
from .suppression import Line, Mark, is_small, suppress

COUNT = "count"
PERCENT = "percent"
HOURS = "hours"

TOTAL = "total"  # the key of a total row and of a total column

WITHHELD_SIGN = "*"
NOT_APPLICABLE = "—"


@dataclass
class Column:
    key: str
    label: str | Promise
    kind: str = COUNT
    # PERCENT: 100 * sum(numerator) / sum(denominator), of count columns of the same row.
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    # HOURS: the key of the row value counting what the measure is taken over (never shown).
    base: str = ""
    # A count column outside the row's total (a subset of another column, say).
    in_row_total: bool = True


@dataclass
class Row:
    key: str
    label: str | Promise
    values: dict[str, float | int | None]
    # A subtotal row: the keys of the rows it adds up (they follow it in the table).
    parts: tuple[str, ...] = ()
    is_total: bool = False
    depth: int = 0  # 1 for a row that is part of a subtotal: indented


@dataclass
class Chart:
    """What a chart of the table shows: a bar per row (`rows`) of some columns, or a bar per
    column of the total row (`total_row`)."""

    kind: str = "bar"  # "bar" (horizontal), "column" (vertical) or "line"
    columns: tuple[str, ...] = ()
    rows: str = "top"  # "top" (no total, no parts of subtotals), "leaves" or "total_row"


@dataclass
class Cell:
    text: str
    value: float | int | None  # what a chart may draw: None when hidden or not applicable
    mark: Mark = Mark.SHOWN


@dataclass
class Table:
    key: str
    title: str | Promise
    row_header: str | Promise
    columns: list[Column]
    rows: list[Row]
    protected: bool
    total_column: bool = False  # the last column totals each row
    total_row: bool = False  # the last row totals the top-level rows
    note: str | Promise = ""
    chart: Chart | None = None
    # (row key, column key) -> a name shared by the same figure in another table of the report.
    links: dict[tuple[str, str], str] = field(default_factory=dict)
    threshold: int = 0
    marks: dict[tuple[str, str], Mark] = field(default_factory=dict)
    # A protected table publishes its counts rounded (rounding.py), unless it counts no one who
    # could be found by comparing two reports (the donor report's public participants).
    rounding: bool = True

    @property
    def rounds(self) -> bool:
        return self.protected and self.rounding

    @property
    def count_columns(self) -> list[Column]:
        return [column for column in self.columns if column.kind == COUNT]

    def row(self, key: str) -> Row:
        return next(row for row in self.rows if row.key == key)

    def value(self, row_key: str, column_key: str):
        return self.row(row_key).values.get(column_key)

    def counts(self) -> dict[tuple[str, str], int]:
        return {
            (row.key, column.key): int(row.values.get(column.key) or 0)
            for row in self.rows
            for column in self.count_columns
        }

    def lines(self) -> list[Line]:
        """Every total in the table with the cells it adds up."""
        lines = []
        columns = self.count_columns
        if self.total_column:
            parts = [c.key for c in columns if c.key != TOTAL and c.in_row_total]
            for row in self.rows:
                lines.append(Line([(row.key, key) for key in parts], (row.key, TOTAL)))
        part_keys = {key for row in self.rows for key in row.parts}
        top = [row.key for row in self.rows if not row.is_total and row.key not in part_keys]
        for column in columns:
            for row in self.rows:
                if row.parts:
                    lines.append(
                        Line([(key, column.key) for key in row.parts], (row.key, column.key))
                    )
            if self.total_row:
                lines.append(Line([(key, column.key) for key in top], (TOTAL, column.key)))
        return lines

    def mark(self, row_key: str, column_key: str) -> Mark:
        return self.marks.get((row_key, column_key), Mark.SHOWN)

    def cell(self, row: Row, column: Column) -> Cell:
        value = row.values.get(column.key)
        if column.kind == COUNT:
            mark = self.mark(row.key, column.key)
            if mark is Mark.SMALL:
                return Cell(f"<{self.threshold}", None, mark)
            if mark is Mark.WITHHELD:
                return Cell(WITHHELD_SIGN, None, mark)
            shown = self.published(value)
            return Cell(number_format(shown, force_grouping=True), shown)
        if column.kind == PERCENT:
            return self._percent(row, column)
        return self._measure(row, column)

    def _percent(self, row: Row, column: Column) -> Cell:
        involved = {*column.numerator, *column.denominator}
        if any(self.mark(row.key, key) is not Mark.SHOWN for key in involved):
            return Cell(WITHHELD_SIGN, None, Mark.WITHHELD)
        denominator = self.published(sum(row.values.get(key) or 0 for key in column.denominator))
        if not denominator:
            return Cell(NOT_APPLICABLE, None)
        numerator = self.published(sum(row.values.get(key) or 0 for key in column.numerator))
        percent = round(100 * numerator / denominator)
        return Cell(f"{percent}%", percent)

    def published(self, count) -> int:
        """The number a shown count is published as: rounded in a protected table."""
        count = int(count or 0)
        return rounded(count) if self.rounds else count

    def _measure(self, row: Row, column: Column) -> Cell:
        value = row.values.get(column.key)
        base = row.values.get(column.base) or 0
        if value is None or not base:
            return Cell(NOT_APPLICABLE, None)
        if self.protected and is_small(base, self.threshold):
            return Cell(WITHHELD_SIGN, None, Mark.WITHHELD)
        return Cell(number_format(value, decimal_pos=1), value)

    def grid(self) -> list[tuple[Row, list[Cell]]]:
        return [(row, [self.cell(row, column) for column in self.columns]) for row in self.rows]

    @property
    def has_withheld(self) -> bool:
        return any(mark is Mark.WITHHELD for mark in self.marks.values()) or any(
            cell.mark is Mark.WITHHELD for _, cells in self.grid() for cell in cells
        )

    @property
    def has_small(self) -> bool:
        return any(mark is Mark.SMALL for mark in self.marks.values())

    def chart_rows(self) -> list[Row]:
        if self.chart is None:
            return []
        part_keys = {key for row in self.rows for key in row.parts}
        if self.chart.rows == "leaves":
            return [row for row in self.rows if not row.is_total and not row.parts]
        if self.chart.rows == "total_row":
            return [row for row in self.rows if row.is_total]
        return [row for row in self.rows if not row.is_total and row.key not in part_keys]

    def chart_data(self) -> dict | None:
        """Labels and series for Chart.js and the PDF's bars; hidden cells draw no bar."""
        if self.chart is None:
            return None
        columns = [c for c in self.columns if c.key in self.chart.columns]
        rows = self.chart_rows()
        if self.chart.rows == "total_row":
            total = rows[0] if rows else None
            return {
                "kind": self.chart.kind,
                "labels": [str(c.label) for c in columns],
                "series": [
                    {
                        "label": str(total.label) if total else "",
                        "data": [self.cell(total, c).value if total else None for c in columns],
                    }
                ],
            }
        return {
            "kind": self.chart.kind,
            "labels": [str(row.label) for row in rows],
            "series": [
                {"label": str(c.label), "data": [self.cell(row, c).value for row in rows]}
                for c in columns
            ],
        }


def protect(tables: Iterable[Table], k: int) -> None:
    """Mark the cells of the protected tables, hiding a figure shared by two tables in both."""
    tables = list(tables)
    for table in tables:
        table.threshold = k
    protected = [table for table in tables if table.protected]
    hidden_links: set[str] = set()
    while True:
        for table in protected:
            withheld = [cell for cell, link in table.links.items() if link in hidden_links]
            table.marks = suppress(table.counts(), table.lines(), k, withheld=withheld)
        now_hidden = {
            link
            for table in protected
            for cell, link in table.links.items()
            if table.marks.get(cell, Mark.SHOWN) is not Mark.SHOWN
        }
        if now_hidden <= hidden_links:
            return
        hidden_links |= now_hidden


LEGEND_SMALL = _("“<%(k)s”: fewer than %(k)s people, not shown so that no one can be recognised.")
LEGEND_WITHHELD = _("“*”: not shown so that a small number cannot be worked out from the totals.")
LEGEND_ROUNDED = _(
    "Every count is rounded to a multiple of %(base)s, each total on its own, so that no one can "
    "be found by comparing two reports."
)
LEGEND_OWN_EXACT = _(
    "Counts of your own organisation's cases are exact; counts that involve other members' cases "
    "are rounded to a multiple of %(base)s, each total on its own, so that no one can be found by "
    "comparing two reports."
)


def legend(tables: Iterable[Table], k: int) -> list[str]:
    """What the signs and the numbers of a report's tables mean, for the page and every file."""
    tables = list(tables)
    lines = [str(LEGEND_SMALL) % {"k": k}, str(LEGEND_WITHHELD)]
    if all(table.rounds for table in tables):
        lines.append(str(LEGEND_ROUNDED) % {"base": BASE})
    elif any(table.rounds for table in tables):
        lines.append(str(LEGEND_OWN_EXACT) % {"base": BASE})
    return lines
