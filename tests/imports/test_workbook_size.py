"""A workbook is a zip: one that would unpack to far more than an import takes is refused
before anything in it is unpacked."""

import io

import pytest
from openpyxl import Workbook

from coalition.imports.files import FileProblem, read_dataset


def workbook(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_that_unpacks_to_far_more_than_allowed_is_refused():
    rows = [[f"{number} " + "a" * 30_000] for number in range(100)]
    bomb = workbook(["Name"], *rows)  # 3 MB of text in 10 KB
    assert len(bomb) < 20_000
    with pytest.raises(FileProblem, match="holds more than 1 MB once opened"):
        read_dataset(bomb, "cases.xlsx", max_bytes=60_000)


def test_an_ordinary_workbook_is_read():
    dataset = read_dataset(workbook(["Name"], ["Kiran"]), "cases.xlsx", max_bytes=60_000)
    assert dataset["Name"] == ["Kiran"]
