"""The coalition's reference data: its members as announced at launch, with their short names."""

import csv
from functools import cache
from pathlib import Path

MEMBERS_CSV = Path(__file__).resolve().parent / "coalition-members.csv"


@cache
def focus_by_short_name() -> dict[str, list[str]]:
    """Illustrative focus areas per organisation (demo data only)."""
    with MEMBERS_CSV.open(encoding="utf-8") as handle:
        return {
            row["short_name"]: [f.strip() for f in row["focus"].split(";") if f.strip()]
            for row in csv.DictReader(handle)
        }
