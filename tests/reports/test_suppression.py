"""The small-cell rule and complementary suppression, on plain grids of counts."""

from coalition.reports.suppression import Line, Mark, suppress

K = 11


def grid(rows: list[list[int]], *, totals: bool = True):
    """Cells keyed (row, column) plus a total column "T" and a total row "T", and the lines
    that tie them together, as a report table with totals has."""
    values = {(r, c): n for r, row in enumerate(rows) for c, n in enumerate(row)}
    lines = []
    if totals:
        columns = range(len(rows[0]))
        for r, row in enumerate(rows):
            values[(r, "T")] = sum(row)
            lines.append(Line([(r, c) for c in columns], (r, "T")))
        for c in [*columns, "T"]:
            values[("T", c)] = sum(values[(r, c)] for r in range(len(rows)))
            lines.append(Line([(r, c) for r in range(len(rows))], ("T", c)))
        lines.append(Line([("T", c) for c in columns], ("T", "T")))
    return values, lines


def hidden(marks) -> set:
    return {key for key, mark in marks.items() if mark is not Mark.SHOWN}


def work_back(values, lines, marks) -> dict:
    """What a reader can compute: a line with one hidden cell and its other cells shown."""
    found = {}
    for line in lines:
        members = line.members()
        unknown = [key for key in members if marks[key] is not Mark.SHOWN]
        if len(unknown) == 1 and line.total is not None:
            cell = unknown[0]
            parts_shown = sum(values[k] for k in line.parts if k != cell)
            found[cell] = parts_shown if cell == line.total else values[line.total] - parts_shown
    return found


def test_counts_of_one_to_k_minus_one_are_small_and_zero_shows():
    values = {"zero": 0, "one": 1, "ten": 10, "eleven": 11}
    marks = suppress(values, [], K)
    assert marks == {
        "zero": Mark.SHOWN, "one": Mark.SMALL, "ten": Mark.SMALL, "eleven": Mark.SHOWN
    }  # fmt: skip


def test_without_complementary_suppression_the_total_gives_a_small_cell_away():
    values, lines = grid([[3, 40, 50]])
    primary_only = {key: Mark.SMALL if 0 < n < K else Mark.SHOWN for key, n in values.items()}
    assert work_back(values, lines, primary_only)[(0, 0)] == 3


def test_the_work_back_case_hides_the_next_smallest_cell_of_the_line():
    values, lines = grid([[3, 40, 50]])
    marks = suppress(values, lines, K)
    assert marks[(0, 0)] is Mark.SMALL
    assert marks[(0, 1)] is Mark.WITHHELD  # 40, the next smallest
    assert marks[(0, 2)] is Mark.SHOWN
    assert marks[(0, "T")] is Mark.SHOWN
    assert work_back(values, lines, marks) == {}


def test_a_zero_cell_is_not_chosen_while_a_cell_with_people_is_left():
    values, lines = grid([[3, 0, 50]])
    marks = suppress(values, lines, K)
    assert marks[(0, 1)] is Mark.SHOWN
    assert marks[(0, 2)] is Mark.WITHHELD


def test_suppression_repeats_until_no_row_or_column_has_a_single_hidden_cell():
    values, lines = grid([[5, 30, 40], [20, 25, 60], [30, 35, 70]])
    marks = suppress(values, lines, K)
    # Row 0 hides 30 with the 5; column 1 then has one hidden cell and hides 25; row 1 then
    # hides 20, which also pairs the 5 in column 0.
    assert hidden(marks) == {(0, 0), (0, 1), (1, 1), (1, 0)}
    assert work_back(values, lines, marks) == {}
    for line in lines:
        assert sum(marks[key] is not Mark.SHOWN for key in line.members()) != 1


def test_a_small_total_is_hidden_too():
    values, lines = grid([[3, 4]])
    marks = suppress(values, lines, K)
    assert marks[(0, "T")] is Mark.SMALL
    assert marks[("T", "T")] is Mark.SMALL


def test_a_line_with_only_zeros_left_hides_its_total():
    values = {"a": 3, "b": 0, "total": 3}
    marks = suppress(values, [Line(["a", "b"], "total")], 2)
    assert marks == {"a": Mark.SHOWN, "b": Mark.SHOWN, "total": Mark.SHOWN}
    marks = suppress({"a": 1, "b": 0, "total": 20}, [Line(["a", "b"], "total")], 2)
    assert marks["a"] is Mark.SMALL and marks["total"] is Mark.WITHHELD


def test_a_cell_withheld_elsewhere_is_hidden_and_gets_a_partner():
    values, lines = grid([[30, 40, 50]])
    marks = suppress(values, lines, K, withheld=[(0, 2)])
    assert marks[(0, 2)] is Mark.WITHHELD
    assert marks[(0, 0)] is Mark.WITHHELD
    assert work_back(values, lines, marks) == {}


def test_tables_without_totals_only_hide_small_cells():
    values, lines = grid([[3, 40, 50]], totals=False)
    assert hidden(suppress(values, lines, K)) == {(0, 0)}
