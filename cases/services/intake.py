"""Logging an intake: a new case with the next number of the organisation's year."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from coalition import idempotency
from coalition.audit import log_action, log_actions
from coalition.models import AccessLog
from members.access import has_org_perm, staff_of
from members.models import Organization
from members.roles import OPEN_CASE

from ..models import Case, CaseChange, CaseCounter, ConsentEvent
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


def _may_open_cases(by, organization: Organization):
    """Someone whose role logs intakes, in their own organisation only: their staff row."""
    staff = staff_of(by)
    if staff is None or not has_org_perm(by, OPEN_CASE) or staff.organization_id != organization.pk:
        raise PermissionDenied
    return staff


def prepare_case(*, organization: Organization, by, staff, **fields) -> Case:
    """A new case as the rules make it, checked and not yet numbered or saved."""
    case = Case(organization=organization, created_by=by, **fields)
    # Set here from the locked, checked actor: not looked up again by full_clean.
    trusted = ["number", "serial", "year", "organization", "created_by"]
    if case.assigned_to_id is None:
        case.assigned_to = staff
        trusted.append("assigned_to")
    if case.consent_record and case.consent_date is None:
        case.consent_date = timezone.localdate()
    if case.consent_record and case.consent_recorded_by_id is None:
        case.consent_recorded_by = by
        trusted.append("consent_recorded_by")
    case.year = (case.intake_date or timezone.localdate()).year
    case.serial = 0
    case.number = "pending"
    case.full_clean(exclude=trusted, validate_unique=False, validate_constraints=False)
    return case


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
    staff = _may_open_cases(by, organization)
    earlier = idempotency.earlier_result(by=by, key=idempotency_key, purpose="case.open")
    if earlier is not None:
        return Case.objects.with_scopes_disabled().get(pk=earlier)
    case = prepare_case(organization=organization, by=by, staff=staff, **fields)
    number_case(case, organization, case.year)
    case.save()
    set_facets(case, facets or {})
    idempotency.remember(by=by, key=idempotency_key, purpose="case.open", target=case)
    history(case, by, "created")
    if case.consent_record:
        ConsentEvent.of_case(case, kind=ConsentEvent.Kind.GIVEN, by=by, on=case.consent_date).save()
    log_action(by, AccessLog.Action.CREATE, case, verb="case.opened", channel=case.intake_channel)
    return case


@transaction.atomic
def open_cases(*, organization: Organization, by, cases: list[Case]) -> list[Case]:
    """Many cases made by prepare_case, opened at once (an import of past cases): the same rules
    and records as open_case (numbers from the year's counter, the history row, the consent given,
    an access-log entry per case), written with one insert per table."""
    _may_open_cases(by, organization)
    if any(
        case.organization_id != organization.pk or case.created_by_id != by.pk for case in cases
    ):
        raise PermissionDenied
    by_year: dict[int, list[Case]] = {}
    for case in cases:
        by_year.setdefault(case.year, []).append(case)
    for year, of_year in sorted(by_year.items()):
        first = _reserve_serials(organization, year, len(of_year))
        for offset, case in enumerate(of_year):
            case.serial = first + offset
            case.number = format_case_number(organization, year, case.serial)
    Case.objects.bulk_create(cases, batch_size=1000)
    CaseChange.objects.bulk_create(
        [
            CaseChange(
                case=case,
                organization_id=organization.pk,
                by=by,
                what="imported",
                field="",
                old="",
                new="",
            )
            for case in cases
        ],
        batch_size=1000,
    )
    ConsentEvent.objects.bulk_create(
        [
            ConsentEvent.of_case(case, kind=ConsentEvent.Kind.GIVEN, by=by, on=case.consent_date)
            for case in cases
            if case.consent_record
        ],
        batch_size=1000,
    )
    for case in cases:
        case.organization = organization  # the log reads its audit_organization
    log_actions(by, AccessLog.Action.CREATE, cases, verb="case.opened", channel="import")
    return cases


def _reserve_serials(organization: Organization, year: int, count: int) -> int:
    """The first of `count` consecutive serials of the organisation's year, safe under
    concurrent intakes (the counter's row lock)."""
    counters = CaseCounter.objects.filter(organization=organization, year=year)
    while True:
        if counters.update(last=F("last") + count):
            return counters.values_list("last", flat=True).get() - count + 1
        try:
            with transaction.atomic():
                CaseCounter.objects.create(organization=organization, year=year, last=count)
                return 1
        except IntegrityError:
            continue
