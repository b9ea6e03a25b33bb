"""What the flat formats (CSV, XLSX) write: the report's heading, then each table as rows."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..figures import Report
from ..suppression import Mark
from ..tables import Table


def title(report: Report) -> str:
    if report.scope.is_coalition:
        return _("Coalition report")
    return _("Report of %(organization)s") % {"organization": report.scope.organization.name}


def heading(report: Report) -> list[tuple[str, str]]:
    period = report.period
    return [
        (_("Report"), title(report)),
        (_("Who it covers"), report.scope.label),
        (_("From"), date_format(period.start, "Y-m-d")),
        (_("To"), date_format(period.end, "Y-m-d")),
        (_("Province of origin"), period.province_label),
        (_("Made on"), date_format(timezone.localtime(report.generated_at), "Y-m-d H:i")),
    ]


def legend(report: Report) -> list[str]:
    return report.legend()


def table_rows(table: Table) -> list[list]:
    """Header, then one list per row: numbers where shown, the sign where hidden."""
    rows = [[str(table.row_header), *[str(column.label) for column in table.columns]]]
    for row, cells in table.grid():
        label = ("  " * row.depth) + str(row.label)
        rows.append([label, *[_cell_value(cell) for cell in cells]])
    return rows


def _cell_value(cell):
    if cell.mark is Mark.SHOWN and cell.value is not None:
        return cell.value
    return cell.text
