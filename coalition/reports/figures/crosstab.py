"""Counts of people by two things at once, with their totals: one grouped query per margin."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Aggregate, QuerySet

from ..tables import COUNT, TOTAL, Column, Row, Table


@dataclass
class CrossTab:
    cells: dict[tuple, int] = field(default_factory=dict)
    row_totals: dict = field(default_factory=dict)
    column_totals: dict = field(default_factory=dict)
    total: int = 0


def count_by(queryset: QuerySet, field_name: str, measure: Aggregate) -> dict:
    rows = queryset.values(field_name).annotate(n=measure).order_by()
    return {row[field_name]: row["n"] for row in rows}


def crosstab(
    queryset: QuerySet,
    row_field: str,
    column_field: str,
    measure: Aggregate,
    *,
    row_totals: dict | None = None,
    column_totals: dict | None = None,
    total: int | None = None,
) -> CrossTab:
    """`measure` grouped by row and column, by row, by column, and over all.

    Totals are counted, not added up: one person can be in several cells of a row. A margin
    the caller has counted already (with more in the same query) is passed in.
    """
    cells = queryset.values(row_field, column_field).annotate(n=measure).order_by()
    return CrossTab(
        cells={(row[row_field], row[column_field]): row["n"] for row in cells},
        row_totals=row_totals if row_totals is not None else count_by(queryset, row_field, measure),
        column_totals=column_totals
        if column_totals is not None
        else count_by(queryset, column_field, measure),
        total=total if total is not None else queryset.aggregate(n=measure)["n"] or 0,
    )


def crosstab_table(
    data: CrossTab,
    *,
    key: str,
    title,
    row_header,
    rows: Iterable,
    row_label: Callable,
    columns: Iterable,
    column_label: Callable,
    protected: bool,
    total_label,
    **table_options,
) -> Table:
    """A table of a cross-tabulation: a total column and a total row."""
    rows, columns = list(rows), list(columns)
    table_columns = [Column(str(c), column_label(c)) for c in columns]
    table_columns.append(Column(TOTAL, total_label, COUNT))
    table_rows = [
        Row(
            str(r),
            row_label(r),
            {
                **{str(c): data.cells.get((r, c), 0) for c in columns},
                TOTAL: data.row_totals.get(r, 0),
            },
        )
        for r in rows
    ]
    table_rows.append(
        Row(
            TOTAL,
            total_label,
            {**{str(c): data.column_totals.get(c, 0) for c in columns}, TOTAL: data.total},
            is_total=True,
        )
    )
    return Table(
        key=key,
        title=title,
        row_header=row_header,
        columns=table_columns,
        rows=table_rows,
        protected=protected,
        total_column=True,
        total_row=True,
        **table_options,
    )
