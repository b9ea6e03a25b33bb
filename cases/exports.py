"""A supervisor's export of their organisation's cases, as CSV or XLSX.

Without the fields that identify the person by default; with them only after the supervisor
states why, and the reason goes into the access log with the export. Every cell goes through
coalition.spreadsheets.neutralise. The columns are those of the import of past cases, so an
exported file can be corrected and imported again (the case number is its key).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import spreadsheets
from coalition.audit import log_action
from coalition.models import AccessLog
from members.access import staff_of

from .imports import COLUMNS, may_exchange_cases
from .models import Case

IDENTIFYING = frozenset({"full_name", "alias", "cnic", "phone", "date_of_birth"})
FORMATS = ("csv", "xlsx")
MIN_REASON = 10


def _cell(case: Case, attribute: str):
    if attribute == "number":
        return case.number
    if attribute == "organization":
        return case.organization.short_name
    value = getattr(case, attribute)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value


@transaction.atomic
def export_cases(
    *, by, fmt: str, language: str, identifying: bool = False, reason: str = ""
) -> tuple[str, bytes]:
    """The file name and content of the export; logged as an export of the organisation's data."""
    staff = staff_of(by)
    if staff is None or not may_exchange_cases(by):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise ValidationError(_("Choose CSV or XLSX."))
    reason = reason.strip()
    if identifying and len(reason) < MIN_REASON:
        raise ValidationError(
            _("Say why you need names, CNICs and phone numbers in the file (a sentence).")
        )
    columns = [c for c in COLUMNS if identifying or c.attribute not in IDENTIFYING]
    cases = (
        Case.objects.visible_to(by)
        .filter(organization_id=staff.organization_id)
        .select_related("organization")
        .order_by("number")
    )
    header = [column.header_for(language) for column in columns]
    rows = ([_cell(case, c.attribute) for c in columns] for case in cases.iterator(2000))
    if fmt == "csv":
        content = spreadsheets.to_csv(header, rows)
    else:
        content = spreadsheets.to_xlsx(header, rows, title="cases")
    log_action(
        by,
        AccessLog.Action.EXPORT,
        None,
        verb="cases.exported",
        organization=staff.organization,
        format=fmt,
        identifying=identifying,
        reason=reason[:300] if identifying else "",
        count=cases.count(),
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return f"{staff.organization.short_name.lower()}-cases-{stamp}.{fmt}", content
