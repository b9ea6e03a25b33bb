"""k-anonymity of row-level exports: every combination of quasi-identifiers matches k rows."""

import random
from collections import Counter

import pytest

from coalition.reports.anonymity import Step, anonymise, combination, smallest_group

STEPS = [
    Step("province", ("province",)),
    Step("age", ("age",), derived=("minor",)),
    Step("gender", ("gender",)),
]


def row(province, age, gender, extra="x") -> dict:
    return {"province": province, "age": age, "minor": age < "18", "gender": gender, "extra": extra}


def test_rare_provinces_are_blanked_first():
    rows = [row("punjab", "30-38", "Female") for _ in range(5)]
    rows += [row("sindh", "30-38", "Female") for _ in range(2)] + [row("kpk", "30-38", "Female")]
    result = anonymise(rows, STEPS, 3)
    assert smallest_group(result.rows, STEPS) >= 3
    assert [r["province"] for r in result.rows].count("") == 3
    assert all(r["age"] == "30-38" for r in result.rows)  # nothing else was needed
    assert (result.suppressed_values, result.dropped_rows) == (3, 0)


def test_a_row_that_cannot_be_protected_is_dropped():
    rows = [row("punjab", "30-38", "Female") for _ in range(3)] + [row("sindh", "0-8", "Male")]
    result = anonymise(rows, STEPS, 3)
    assert len(result.rows) == 3
    assert result.dropped_rows == 1
    assert result.suppressed_values == 3  # its province, age and gender were tried first


def test_values_derived_from_a_blanked_one_are_blanked_with_it():
    rows = [row("punjab", "30-38", "Female") for _ in range(3)]
    rows += [row("punjab", "9-17", "Female"), row("sindh", "18-20", "Female")]
    result = anonymise(rows, STEPS, 2)
    assert result.dropped_rows == 0
    blanked = [r for r in result.rows if r["age"] == ""]
    assert blanked and all(r["minor"] == "" for r in blanked)


@pytest.mark.parametrize("seed", range(5))
def test_random_rows_come_out_k_anonymous_with_other_columns_untouched(seed):
    rng = random.Random(seed)
    rows = [
        row(
            rng.choice(["punjab", "sindh", "kpk", "balochistan", ""]),
            rng.choice(["0-8", "9-17", "18-20", "30-38", "48+", ""]),
            rng.choice(["Female", "Male", "Transgender"]),
            extra=str(i),
        )
        for i in range(400)
    ]
    k = rng.choice([3, 5, 11])
    result = anonymise([dict(r) for r in rows], STEPS, k)
    counts = Counter(combination(r, STEPS) for r in result.rows)
    assert min(counts.values()) >= k
    assert len(result.rows) + result.dropped_rows == len(rows)
    originals = {r["extra"]: r for r in rows}
    for kept in result.rows:
        original = originals[kept["extra"]]
        for column in ("province", "age", "gender"):
            assert kept[column] in (original[column], "")
