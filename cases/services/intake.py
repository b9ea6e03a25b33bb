"""Logging an intake: a new case with the next number of the organisation's year."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from coalition import idempotency
from coalition.audit import log_action
from coalition.models import AccessLog
from members.access import has_org_perm, staff_of
from members.models import Organization
from members.roles import OPEN_CASE

from ..models import Case, CaseCounter, ConsentEvent
from ..text import normalise_for_search
from .common import history
from .file import set_facets


def _next_serial(organization: Organization, year: int) -> int:
    """The next serial for an organisation's year, safe under concurrent intakes."""
    counters = CaseCounter.objects.filter(organization=organization, year=year)
    while True:
        if counters.update(last=F("last") + 1):  # the row lock serialises concurrent intakes
            return counters.values_list("last", flat=True).get()
        try:
            with transaction.atomic():
                CaseCounter.objects.create(organization=organization, year=year, last=1)
                return 1
        except IntegrityError:  # another intake created the year's counter first
            continue


def format_case_number(organization: Organization, year: int, serial: int) -> str:
    return f"{organization.short_name.upper()}-{year}-{serial:06d}"


def number_case(case: Case, organization: Organization, year: int) -> None:
    """Give the case the next number of the organisation's year (not saved)."""
    case.year = year
    case.serial = _next_serial(organization, year)
    case.number = format_case_number(organization, year, case.serial)


@transaction.atomic
def open_case(
    *,
    organization: Organization,
    by,
    facets: dict[str, Iterable[str]] | None = None,
    idempotency_key: str = "",
    **fields,
) -> Case:
    """A case is opened by someone whose role logs intakes, in their own organisation only.
    Sent again with the same idempotency key (a double submit, a retry), it returns the case it
    made."""
    staff = staff_of(by)
    if staff is None or not has_org_perm(by, OPEN_CASE) or staff.organization_id != organization.pk:
        raise PermissionDenied
    earlier = idempotency.earlier_result(by=by, key=idempotency_key, purpose="case.open")
    if earlier is not None:
        return Case.objects.with_scopes_disabled().get(pk=earlier)
    case = Case(organization=organization, created_by=by, **fields)
    if case.assigned_to_id is None:
        case.assigned_to = staff
    if case.consent_record and case.consent_date is None:
        case.consent_date = timezone.localdate()
    if case.consent_record and case.consent_recorded_by_id is None:
        case.consent_recorded_by = by
    case.search_name = normalise_for_search(f"{case.full_name} {case.alias}")
    case.year = (case.intake_date or timezone.localdate()).year
    case.serial = 0
    case.number = "pending"
    case.full_clean(
        exclude=["number", "serial", "year"], validate_unique=False, validate_constraints=False
    )
    number_case(case, organization, case.year)
    case.save()
    set_facets(case, facets or {})
    idempotency.remember(by=by, key=idempotency_key, purpose="case.open", target=case)
    history(case, by, "created")
    if case.consent_record:
        ConsentEvent.of_case(case, kind=ConsentEvent.Kind.GIVEN, by=by, on=case.consent_date).save()
    log_action(by, AccessLog.Action.CREATE, case, verb="case.opened", channel=case.intake_channel)
    return case
