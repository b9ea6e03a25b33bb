import io

from django.utils.translation import gettext as _

from coalition.spreadsheets import SafeCsvWriter

from ..figures import Report
from .tabular import heading, legend, table_rows


def render(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    for label, value in heading(report):
        writer.writerow([label, value])
    for line in legend(report):
        writer.writerow([_("Note"), line])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([str(table.title)])
        writer.writerows(table_rows(table))
        if table.note:
            writer.writerow([str(table.note)])
    # With a byte-order mark, spreadsheet programs open the Urdu text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
