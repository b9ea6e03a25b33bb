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
from operator import itemgetter

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
    return _key_function(steps)(row)


def _key_function(steps: Sequence[Step]):
    """A row's combination of quasi-identifiers, as a tuple (itemgetter: no Python loop)."""
    columns = [column for step in steps for column in step.columns]
    get = itemgetter(*columns)
    return get if len(columns) > 1 else lambda row: (get(row),)


def smallest_group(rows: Sequence[dict], steps: Sequence[Step]) -> int:
    """The number of rows sharing the rarest combination of quasi-identifiers (0 for no rows)."""
    key = _key_function(steps)
    counts = Counter(key(row) for row in rows)
    return min(counts.values(), default=0)


def anonymise(rows: list[dict], steps: Sequence[Step], k: int) -> Anonymised:
    """Make `rows` k-anonymous over `steps`' columns, in place; `steps` in the order to blank.

    Each row's combination is worked out once, and again only for a row that a step blanks,
    the counts of combinations moving with it: a step costs what it blanks, not the dataset."""
    key = _key_function(steps)
    keys = [key(row) for row in rows]
    counts = Counter(keys)
    suppressed = 0
    for step in steps:
        rare = [i for i, combination in enumerate(keys) if counts[combination] < k]
        if not rare:
            break
        blanked = (*step.columns, *step.derived)
        for i in rare:
            row = rows[i]
            if any(row[column] != SUPPRESSED for column in step.columns):
                suppressed += 1
            for column in blanked:
                row[column] = SUPPRESSED
            counts[keys[i]] -= 1
            keys[i] = key(row)
            counts[keys[i]] += 1
    kept = [row for row, combination in zip(rows, keys, strict=True) if counts[combination] >= k]
    return Anonymised(kept, suppressed, len(rows) - len(kept))
