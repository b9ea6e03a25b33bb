import io
import re

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from coalition.spreadsheets import neutralise_workbook

from ..figures import Report
from .tabular import heading, legend, table_rows

SHEET_NAME_MAX = 31
BOLD = Font(bold=True)


def render(report: Report) -> bytes:
    """A first sheet saying what the report is, then one sheet per table."""
    workbook = Workbook()
    about = workbook.active
    about.title = _sheet_name(_("About"), set())
    for label, value in heading(report):
        about.append([label, value])
    for line in legend(report):
        about.append([_("Note"), line])
    _finish(about)
    used = {about.title}
    for table in report.tables:
        sheet = workbook.create_sheet(_sheet_name(str(table.title), used))
        used.add(sheet.title)
        sheet.append([str(table.title)])
        sheet["A1"].font = BOLD
        for row in table_rows(table):
            sheet.append(row)
        for cell in sheet[2]:
            cell.font = BOLD
        if table.note:
            sheet.append([])
            sheet.append([str(table.note)])
        _finish(sheet)
    neutralise_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _finish(sheet) -> None:
    sheet.sheet_view.rightToLeft = get_language_bidi()
    sheet.column_dimensions["A"].width = 40
    for index in range(2, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14


def _sheet_name(text: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", text)[:SHEET_NAME_MAX].strip() or "Sheet"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    return name
