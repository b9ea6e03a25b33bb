"""Reading an uploaded spreadsheet into rows, whatever program saved it.

CSV in UTF-8 (with or without a byte-order mark), UTF-16 (what Excel's "Unicode text" writes) or
Windows-1256 (older Urdu Windows set-ups), and XLSX. Every problem with the file as a whole is a
FileProblem whose message the person can act on.
"""

import codecs
import csv
import io
import zipfile
from datetime import date, datetime

import tablib
from django.utils.translation import gettext as _
from openpyxl import load_workbook

FORMATS = ("csv", "xlsx")
# The column each row carries with its number in the file.
ROW_NUMBER = "__row__"


class FileProblem(Exception):
    """The file cannot be read at all; nothing in it was imported."""


def file_format(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not extension:
        raise FileProblem(
            _("Send a .csv or .xlsx file. This file's name has no ending such as .csv or .xlsx.")
        )
    if extension not in FORMATS:
        raise FileProblem(
            _("Send a .csv or .xlsx file. This file's name ends in “%(ext)s”.") % {"ext": extension}
        )
    return extension


def decode_csv(data: bytes) -> str:
    """The text of a CSV file in UTF-8, UTF-16 or Windows-1256."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:200]:  # UTF-16 without its mark: every ASCII letter has a zero byte
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1256")
    except UnicodeDecodeError:
        raise FileProblem(
            _(
                "This file's text could not be read. Save it again as “CSV UTF-8” (in Excel: "
                "File, Save As, CSV UTF-8) and send it again."
            )
        ) from None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_of_csv(data: bytes) -> list[list[str]]:
    text = decode_csv(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


# An .xlsx file is a zip: its sheets, as text, are commonly 5 to 20 times the file's size. A
# crafted one of 330 KB unpacked to 806 MB, held in memory by the worker that read it. The zip's
# declared sizes (reading never unpacks past them) are checked before anything is unpacked.
UNPACKED_PER_ALLOWED_BYTE = 20


def _check_unpacked_size(data: bytes, max_bytes: int) -> None:
    limit = UNPACKED_PER_ALLOWED_BYTE * max_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    if unpacked > limit:
        raise FileProblem(
            _(
                "This workbook holds more than %(mb)d MB once opened. Split it into smaller "
                "files and send each."
            )
            % {"mb": limit // (1024 * 1024)}
        )


def _rows_of_xlsx(data: bytes, max_bytes: int) -> list[list[str]]:
    try:
        _check_unpacked_size(data, max_bytes)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileProblem(
            _("This file is not an Excel workbook that can be read. Save it again as .xlsx.")
        ) from None
    sheet = workbook.worksheets[0]
    rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def read_dataset(data: bytes, name: str, *, max_bytes: int) -> tablib.Dataset:
    """The file's first sheet as a Dataset: its first row the headers, empty rows dropped."""
    if len(data) > max_bytes:
        raise FileProblem(
            _("The file is larger than %(mb)d MB. Split it into smaller files and send each.")
            % {"mb": max_bytes // (1024 * 1024)}
        )
    kind = file_format(name)
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    rows = _rows_of_xlsx(data, max_bytes) if kind == "xlsx" else _rows_of_csv(data)
    # Each row keeps its number in the file (the header is row 1), for the messages.
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(row)]
    if not numbered:
        raise FileProblem(_("The file is empty."))
    _number, headers = numbered[0]
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1
    if len(numbered) == 1:
        raise FileProblem(_("The file has column headers but no rows under them."))
    dataset = tablib.Dataset(headers=[*headers[:width], ROW_NUMBER])
    for number, row in numbered[1:]:
        dataset.append([*(row + [""] * width)[:width], number])
    return dataset
