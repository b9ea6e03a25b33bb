"""Tables: their totals and subtotals as lines, figures shared between tables, derived cells."""

from coalition.reports.suppression import Line
from coalition.reports.tables import COUNT, HOURS, PERCENT, TOTAL, Column, Row, Table, protect


def people_table(key: str, rows: list[Row], **options) -> Table:
    return Table(
        key=key,
        title=key,
        row_header="",
        columns=[Column("people", "People")],
        rows=rows,
        protected=options.pop("protected", True),
        total_row=True,
        **options,
    )


def text(table: Table, row: str, column: str = "people") -> str:
    return table.cell(table.row(row), next(c for c in table.columns if c.key == column)).text


def test_a_subtotal_and_its_parts_form_a_line_and_the_total_adds_top_level_rows():
    table = people_table(
        "age",
        [
            Row("children", "Children", {"people": 30}, parts=("0-8", "9-17")),
            Row("0-8", "0-8", {"people": 10}, depth=1),
            Row("9-17", "9-17", {"people": 20}, depth=1),
            Row("adults", "Adults", {"people": 50}),
            Row(TOTAL, "Total", {"people": 80}, is_total=True),
        ],
    )
    assert table.lines() == [
        Line([("0-8", "people"), ("9-17", "people")], ("children", "people")),
        Line([("children", "people"), ("adults", "people")], (TOTAL, "people")),
    ]


def test_a_figure_hidden_in_one_table_is_hidden_where_another_table_shows_it():
    sex = people_table(
        "sex",
        [
            Row("f", "F", {"people": 20}),
            Row("m", "M", {"people": 15}),
            Row(TOTAL, "Total", {"people": 35}, is_total=True),
        ],
        links={(TOTAL, "people"): "people"},
    )
    channel = people_table(
        "channel",
        [
            Row("helpline", "Helpline", {"people": 5}),
            Row(TOTAL, "Total", {"people": 5}, is_total=True),
        ],
        links={(TOTAL, "people"): "people"},
    )
    protect([sex, channel], 11)
    assert text(channel, TOTAL) == "<11"
    assert text(sex, TOTAL) == "*"  # the same 35... of 5: hidden in both
    assert text(sex, "m") == "*"  # and the total's line keeps two hidden cells
    assert text(sex, "f") == "20"


def test_exact_tables_show_every_count():
    table = people_table(
        "own",
        [Row("a", "A", {"people": 1}), Row(TOTAL, "Total", {"people": 1}, is_total=True)],
        protected=False,
    )
    protect([table], 11)
    assert text(table, "a") == "1"


def test_a_percentage_hides_when_a_count_it_is_made_of_is_hidden():
    columns = [
        Column("accepted", "Accepted"),
        Column("declined", "Declined"),
        Column(TOTAL, "People", COUNT),
        Column(
            "rate", "Rate", PERCENT, numerator=("accepted",), denominator=("accepted", "declined")
        ),
    ]
    table = Table(
        key="t",
        title="t",
        row_header="",
        columns=columns,
        rows=[
            Row("x", "X", {"accepted": 30, "declined": 20, TOTAL: 50}),
            Row("y", "Y", {"accepted": 30, "declined": 3, TOTAL: 33}),
        ],
        protected=True,
        total_column=True,
    )
    protect([table], 11)
    assert text(table, "x", "rate") == "60%"
    assert text(table, "y", "rate") == "*"  # else 30 / 33 gives the 3 away


def test_a_measure_over_fewer_than_k_is_hidden():
    table = Table(
        key="t",
        title="t",
        row_header="",
        columns=[Column("median", "Median", HOURS, base="n")],
        rows=[Row("x", "X", {"median": 5.0, "n": 3}), Row("y", "Y", {"median": 7.5, "n": 40})],
        protected=True,
    )
    protect([table], 11)
    assert text(table, "x", "median") == "*"
    assert text(table, "y", "median") == "7.5"
