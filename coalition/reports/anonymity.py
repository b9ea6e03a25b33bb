"""k-anonymity for row-level exports: no combination of quasi-identifiers matches fewer than k rows.

Quasi-identifiers are the columns that, together, could single a person out to someone who knows
a little about them (age, gender, where from, when). Rows whose combination is shared by fewer
than k rows have their quasi-identifiers blanked one step at a time, coarsest damage first
(province before age band, ...), and the combinations are counted again after each step. Rows
still in a group of fewer than k when nothing is left to blank are dropped.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

SUPPRESSED = ""


@dataclass(frozen=True)
class Step:
    """One quasi-identifier: its columns, and the columns derived from it that would give it away
    (blanked with it, but not compared)."""

    name: str
    columns: tuple[str, ...]
    derived: tuple[str, ...] = ()


@dataclass
class Anonymised:
    rows: list[dict]
    suppressed_values: int  # quasi-identifier values blanked (one per row and step)
    dropped_rows: int

    def as_summary(self, k: int) -> dict:
        return {
            "rows": len(self.rows),
            "suppressed_values": self.suppressed_values,
            "dropped_rows": self.dropped_rows,
            "k": k,
        }


def combination(row: dict, steps: Sequence[Step]) -> tuple:
    return tuple(row[column] for step in steps for column in step.columns)


def smallest_group(rows: Sequence[dict], steps: Sequence[Step]) -> int:
    """The number of rows sharing the rarest combination of quasi-identifiers (0 for no rows)."""
    counts = Counter(combination(row, steps) for row in rows)
    return min(counts.values(), default=0)


def anonymise(rows: list[dict], steps: Sequence[Step], k: int) -> Anonymised:
    """Make `rows` k-anonymous over `steps`' columns, in place; `steps` in the order to blank."""
    suppressed = 0
    for step in steps:
        counts = Counter(combination(row, steps) for row in rows)
        rare = [row for row in rows if counts[combination(row, steps)] < k]
        if not rare:
            break
        for row in rare:
            if any(row[column] != SUPPRESSED for column in step.columns):
                suppressed += 1
            for column in (*step.columns, *step.derived):
                row[column] = SUPPRESSED
    counts = Counter(combination(row, steps) for row in rows)
    kept = [row for row in rows if counts[combination(row, steps)] >= k]
    return Anonymised(kept, suppressed, len(rows) - len(kept))
