"""A differencing attacker: what can be worked out from every report a reader is given.

The attacker reads each published count as the range of true counts it allows ("0" is 0, "<k" is
1 to k-1, "*" anything, a rounded p anything from k to p+BASE-1 and down to p-BASE+1, an exact
count itself), then narrows the ranges with everything it knows holds between true counts, until
nothing changes:

- within a report, a total is the sum of its parts (tables of people counted once: the "cases"
  section), or at least its largest part and at most their sum (people counted in several cells);
- a report nested in another (a month in its quarter or year, a quarter in its year, a province in
  all provinces) counts no more in any cell, and for people counted once the difference of the two
  is itself a count (nested minus nesting, cell by cell and against totals);
- adjacent reports add up to the report they tile: three months their quarter, four quarters
  their year, the provinces all provinces (with the people of no recorded province).

A count is given away when its range narrows to one number from 1 to k-1 while the reader was
not shown it: a "<k" or "*" cell, or the difference of two reports.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from coalition.reports.rounding import BASE
from coalition.reports.tables import COUNT, Table

INF = 10**9


@dataclass(frozen=True)
class Relation:
    kind: str  # "sum": total = sum(parts); "cover": max(parts) <= total <= sum(parts); "le"
    total: tuple
    parts: tuple


@dataclass
class Attacker:
    k: int
    exact: bool = False  # whether protected counts are published exactly (no rounding)
    ranges: dict = field(default_factory=dict)  # variable -> [low, high]
    truth: dict = field(default_factory=dict)  # variable -> true count, to check soundness
    hidden: set = field(default_factory=set)  # variables the reader was not shown exactly
    relations: list = field(default_factory=list)
    published: dict = field(default_factory=lambda: defaultdict(list))  # (report, table) -> vars

    def read(self, name, table: Table) -> None:
        """Every count of a published table, as the ranges its texts allow."""
        for row, cells in table.grid():
            for column, cell in zip(table.columns, cells, strict=True):
                if column.kind != COUNT:
                    continue
                variable = (name, table.key, row.key, column.key)
                self.published[name, table.key].append(variable)
                self.truth[variable] = int(row.values.get(column.key) or 0)
                self.ranges[variable] = self._range(cell.text, table.protected)
                if table.protected and cell.text in (f"<{self.k}", "*"):
                    self.hidden.add(variable)
        exact = additive(table)
        for line in table.lines():
            total = (name, table.key, *line.total) if line.total else None
            if total is None:
                continue
            parts = tuple((name, table.key, *part) for part in line.parts)
            self.relations.append(Relation("sum" if exact else "cover", total, parts))

    def _range(self, text: str, protected: bool) -> list[int]:
        if text == "0":
            return [0, 0]
        if text == f"<{self.k}":
            return [1, self.k - 1]
        if text == "*":
            return [0, INF]
        shown = int(text.replace(",", ""))
        if not protected or self.exact:
            return [shown, shown]
        return [max(self.k, shown - BASE + 1), shown + BASE - 1]

    def nested(self, inner, outer, tables: list[Table]) -> None:
        """`inner`'s people are some of `outer`'s: subtract it, cell by cell and against totals.
        Their difference in a cell counts the people in `outer`'s and not in `inner`'s."""
        for table in tables:
            for big in self._variables(outer, table):
                small = (inner, *big[1:])
                difference = ("difference", inner, outer, *big[1:])
                parts = (small, difference) if small in self.ranges else (difference,)
                self._unknown(difference, self.truth[big] - self.truth.get(small, 0), table)
                self.relations.append(Relation("sum", big, parts))
            if additive(table):
                self._lines(("difference", inner, outer), table)

    def tiled(self, whole, pieces: list, tables: list[Table], *, remainder: bool) -> None:
        """`pieces` are adjacent and make up `whole` (with people in none of them when
        `remainder`: of no recorded province): for tables of people counted once."""
        for table in [t for t in tables if additive(t)]:
            for variable in self._variables(whole, table):
                parts = tuple(
                    (piece, *variable[1:])
                    for piece in pieces
                    if (piece, *variable[1:]) in self.ranges
                )
                if remainder:
                    rest = ("rest", whole, *variable[1:])
                    self._unknown(
                        rest, self.truth[variable] - sum(self.truth[p] for p in parts), table
                    )
                    parts = (*parts, rest)
                self.relations.append(Relation("sum", variable, parts))
            if remainder:
                self._lines(("rest", whole), table)

    def _variables(self, name, table: Table) -> list:
        return self.published[name, table.key]

    def _unknown(self, variable, truth: int, table: Table) -> None:
        self.ranges[variable] = [0, INF]
        self.truth[variable] = truth
        if table.protected:
            self.hidden.add(variable)

    def _lines(self, prefix: tuple, table: Table) -> None:
        """The totals of a table of people counted once hold for a difference of two reports."""
        for line in table.lines():
            total = (*prefix, table.key, *line.total)
            parts = tuple((*prefix, table.key, *part) for part in line.parts)
            present = tuple(part for part in parts if part in self.ranges)
            if total in self.ranges:
                self.relations.append(Relation("sum", total, present))

    def narrow(self) -> None:
        by_variable = defaultdict(list)
        for relation in self.relations:
            for variable in (relation.total, *relation.parts):
                by_variable[variable].append(relation)
        pending, queued = list(self.relations), set(range(len(self.relations)))
        index = {id(relation): i for i, relation in enumerate(self.relations)}
        while pending:
            relation = pending.pop()
            queued.discard(index[id(relation)])
            for variable in self._apply(relation):
                for other in by_variable[variable]:
                    if index[id(other)] not in queued:
                        queued.add(index[id(other)])
                        pending.append(other)

    def _apply(self, relation: Relation) -> list:
        r, total, parts = self.ranges, relation.total, relation.parts
        changed = []

        def clamp(variable, low, high):
            old = r[variable]
            new = [max(old[0], low), min(old[1], high)]
            if new != old:
                assert new[0] <= new[1], (variable, old, new)
                r[variable] = new
                changed.append(variable)

        if relation.kind == "le":
            clamp(parts[0], 0, r[total][1])
            clamp(total, r[parts[0]][0], INF)
            return changed
        clamp(total, 0, sum(r[p][1] for p in parts))
        if relation.kind == "sum":
            clamp(total, sum(r[p][0] for p in parts), INF)
        else:
            clamp(total, max((r[p][0] for p in parts), default=0), INF)
        for part in parts:
            others = [p for p in parts if p != part]
            low = r[total][0] - sum(r[p][1] for p in others)
            high = r[total][1] - sum(r[p][0] for p in others) if relation.kind == "sum" else INF
            clamp(part, low, min(high, r[total][1]))
        return changed

    def check_sound(self) -> None:
        wrong = [v for v, (low, high) in self.ranges.items() if not low <= self.truth[v] <= high]
        assert not wrong, [(v, self.ranges[v], self.truth[v]) for v in wrong[:5]]

    def given_away(self) -> list:
        """The hidden counts of 1 to k-1 people the attacker has worked out exactly."""
        return [
            (variable, self.ranges[variable][0])
            for variable in sorted(self.hidden, key=str)
            if self.ranges[variable][0] == self.ranges[variable][1]
            and 0 < self.ranges[variable][0] < self.k
        ]


def additive(table: Table) -> bool:
    """Tables of the "cases" section count each person in one row of each total."""
    return table.key in ADDITIVE_TABLES


ADDITIVE_TABLES = {"months", "origin", "sex", "gender", "age", "channel", "scope"}
