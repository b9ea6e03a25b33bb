"""Small-cell suppression: which counts of people a report may show.

Primary suppression: a cell counting 1 to k-1 people is shown as "<k" (zero may show).

Complementary suppression: a table that shows totals lets a reader subtract the cells shown from
a total and so work out a hidden cell. Each total with the cells it adds up is a *line*; in every
line with exactly one hidden cell, the smallest other cell with people in it is hidden as well (a
zero cell, or the total itself, only when nothing else is left), and this repeats until no line has
exactly one hidden cell, since hiding a cell can leave another line it sits in with one.

Cells are identified by any hashable key, so tables, subtotals and cells shared between tables
all use the same rule.
"""

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum


class Mark(Enum):
    SHOWN = "shown"
    SMALL = "small"  # counts 1..k-1 people: shown as "<k"
    WITHHELD = "withheld"  # hidden only so that a small cell cannot be worked out


@dataclass(frozen=True)
class Line:
    """Cells whose values add up to `total` (None when the table shows no total for them)."""

    parts: Sequence[Hashable]
    total: Hashable | None = None

    def members(self) -> list[Hashable]:
        return [*self.parts, self.total] if self.total is not None else list(self.parts)


def is_small(count: int, k: int) -> bool:
    return 0 < count < k


def suppress(
    values: Mapping[Hashable, int],
    lines: Iterable[Line],
    k: int,
    *,
    withheld: Collection[Hashable] = (),
) -> dict[Hashable, Mark]:
    """The mark of every cell in `values`; `withheld` cells are hidden whatever their count (a
    cell shared with another table that hides it)."""
    marks = {key: Mark.SMALL if is_small(count, k) else Mark.SHOWN for key, count in values.items()}
    for key in withheld:
        if marks.get(key) is Mark.SHOWN:
            marks[key] = Mark.WITHHELD
    lines = [line for line in lines if len(line.members()) > 1]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [key for key in line.members() if marks[key] is not Mark.SHOWN]
            if len(hidden) != 1:
                continue
            partner = _next_to_hide(line, values, marks)
            if partner is not None:
                marks[partner] = Mark.WITHHELD
                changed = True
    return marks


def _next_to_hide(line: Line, values: Mapping[Hashable, int], marks) -> Hashable | None:
    shown = [key for key in line.parts if marks[key] is Mark.SHOWN]
    with_people = [key for key in shown if values[key] > 0]
    if with_people:
        return min(with_people, key=lambda key: values[key])
    if line.total is not None and marks[line.total] is Mark.SHOWN:
        return line.total
    return shown[0] if shown else None
