"""Write paths for cases. Each is keyword-only, one transaction, one access-log entry.

Callers have already fetched the case through `Case.objects.visible_to(user)`; the rules about
which role may do what to a visible case live here, so that views, imports and tasks share them.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import idempotency
from coalition.audit import log_action
from coalition.models import AccessLog
from members.access import forget_access, has_org_perm, staff_of
from members.models import Organization, Service, Staff
from members.roles import APPROVE_CLOSURE, ASSIGN_CASES, OPEN_CASE

from . import vocabularies as v
from .models import (
    FACET_VOCABULARIES,
    Case,
    CaseChange,
    CaseCounter,
    CaseFacet,
    CaseUserObjectPermission,
    Document,
    Hearing,
    LegalProceeding,
    Note,
    ServiceDelivery,
)
from .text import normalise_for_search

# Fields a history row never shows the value of: the change is recorded, the content is not.
UNLOGGED_VALUES = frozenset({"cnic", "phone", "full_name", "alias", "date_of_birth"})


class StaleCaseError(Exception):
    """Someone else saved the case since this person opened it."""


def unscoped_cases():
    """Cases without the visibility guard: for the services' own writes, never for reads."""
    return Case.objects.with_scopes_disabled()


def _require(by, codename: str, case: Case | None = None) -> Staff:
    staff = staff_of(by)
    if staff is None or not has_org_perm(by, codename):
        raise PermissionDenied
    if case is not None and case.organization_id != staff.organization_id:
        raise PermissionDenied
    return staff


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


def _set_facets(case: Case, facets: dict[str, Iterable[str]]) -> list[str]:
    """Replace the given facets' values; returns the names of the facets that changed."""
    changed = []
    existing = CaseFacet.objects.with_scopes_disabled().filter(case=case)
    for facet, values in facets.items():
        allowed = set(FACET_VOCABULARIES[facet].values)
        wanted = {value for value in values if value in allowed}
        current = set(existing.filter(facet=facet).values_list("value", flat=True))
        if wanted == current:
            continue
        existing.filter(facet=facet, value__in=current - wanted).delete()
        CaseFacet.objects.bulk_create(
            CaseFacet(case=case, facet=facet, value=value) for value in sorted(wanted - current)
        )
        changed.append(facet)
    return changed


def _history(case: Case, by, what: str, field: str = "", old="", new="") -> CaseChange:
    if field in UNLOGGED_VALUES:
        old = new = ""
    return CaseChange.objects.create(
        case=case,
        organization_id=case.organization_id,
        by=by,
        what=what,
        field=field,
        old="" if old is None else str(old)[:500],
        new="" if new is None else str(new)[:500],
    )


@transaction.atomic
def open_case(
    *,
    organization: Organization,
    by,
    facets: dict[str, Iterable[str]] | None = None,
    idempotency_key: str = "",
    **fields,
) -> Case:
    """Log an intake: a new case with the next number of the organisation's year. Sent again
    with the same idempotency key (a double submit, a retry), it returns the case it made."""
    staff = _require(by, OPEN_CASE)
    if staff.organization_id != organization.pk:
        raise PermissionDenied
    earlier = idempotency.earlier_result(by=by, key=idempotency_key, purpose="case.open")
    if earlier is not None:
        return unscoped_cases().get(pk=earlier)
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
    case.serial = _next_serial(organization, case.year)
    case.number = format_case_number(organization, case.year, case.serial)
    case.save()
    _set_facets(case, facets or {})
    idempotency.remember(by=by, key=idempotency_key, purpose="case.open", target=case)
    _history(case, by, "created")
    log_action(by, AccessLog.Action.CREATE, case, verb="case.opened", channel=case.intake_channel)
    return case


@transaction.atomic
def update_case(
    *,
    case: Case,
    by,
    expected_version: int,
    changes: dict,
    facets: dict[str, Iterable[str]] | None = None,
) -> Case:
    """Save an edit made on `expected_version` of the case; refuse it if that is not current."""
    _require(by, OPEN_CASE, case)
    locked = unscoped_cases().select_for_update().get(pk=case.pk)
    if locked.version != expected_version:
        raise StaleCaseError
    if locked.is_closed:
        raise ValidationError(_("This case is closed. A supervisor can reopen it."))
    changed_fields = [name for name, value in changes.items() if getattr(locked, name) != value]
    old_values = {name: getattr(locked, name) for name in changed_fields}
    for name in changed_fields:
        setattr(locked, name, changes[name])
    if {"full_name", "alias"} & set(changed_fields):
        locked.search_name = normalise_for_search(f"{locked.full_name} {locked.alias}")
        changed_fields.append("search_name")
    if (
        "consent_record" in changed_fields
        or "consent_share_coalition" in changed_fields
        or "consent_share_law_enforcement" in changed_fields
    ):
        locked.consent_recorded_by = by
        changed_fields.append("consent_recorded_by")
        if locked.consent_date is None:
            locked.consent_date = timezone.localdate()
            changed_fields.append("consent_date")
    changed_facets = _set_facets(locked, facets or {})
    if not changed_fields and not changed_facets:
        return locked
    locked.full_clean(validate_unique=False, validate_constraints=False)  # the DB enforces them
    locked.version += 1
    locked.save(update_fields=[*changed_fields, "version", "updated_at"])
    for name in changed_fields:
        if name in old_values:
            _history(locked, by, "changed", name, old_values[name], getattr(locked, name))
    for facet in changed_facets:
        _history(locked, by, "changed", facet, "", ", ".join(locked.facet_values(facet)))
    log_action(
        by,
        AccessLog.Action.CHANGE,
        locked,
        verb="case.updated",
        fields=sorted([*old_values, *changed_facets]),
    )
    return locked


def _transition(case: Case, by, *, verb: str, **fields) -> Case:
    locked = unscoped_cases().select_for_update().get(pk=case.pk)
    old_status = locked.status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    if "status" in fields and fields["status"] != old_status:
        _history(locked, by, verb, "status", old_status, fields["status"])
    else:
        _history(locked, by, verb)
    log_action(by, AccessLog.Action.CHANGE, locked, verb=f"case.{verb}", status=locked.status)
    return locked


@transaction.atomic
def assign_case(*, case: Case, by, assignee: Staff) -> Case:
    _require(by, ASSIGN_CASES, case)
    if assignee.organization_id != case.organization_id or not assignee.user.is_active:
        raise ValidationError(_("Choose an active caseworker of the case's organisation."))
    old = case.assigned_to
    locked = _transition(case, by, verb="assigned", assigned_to=assignee)
    _history(locked, by, "assigned", "assigned_to", old or "", assignee)
    return locked


@transaction.atomic
def set_status(*, case: Case, by, status: str) -> Case:
    """Move an open case between open and active; closing has its own path."""
    _require(by, OPEN_CASE, case)
    if status not in (v.CaseStatus.OPEN, v.CaseStatus.ACTIVE) or case.is_closed:
        raise ValidationError(_("Use closure to close a case, and reopen to reopen it."))
    return _transition(case, by, verb="status_changed", status=status)


@transaction.atomic
def request_closure(*, case: Case, by, reason: str, note: str = "") -> Case:
    _require(by, OPEN_CASE, case)
    if case.status in (v.CaseStatus.CLOSED, v.CaseStatus.CLOSURE_REQUESTED):
        raise ValidationError(_("This case is already closed or waiting for closure approval."))
    if reason not in v.ClosureReason.values:
        raise ValidationError(_("Choose a closure reason."))
    return _transition(
        case,
        by,
        verb="closure_requested",
        status=v.CaseStatus.CLOSURE_REQUESTED,
        closure_reason=reason,
        closure_note=note,
        closure_requested_by=by,
        closure_requested_at=timezone.now(),
    )


@transaction.atomic
def approve_closure(*, case: Case, by) -> Case:
    _require(by, APPROVE_CLOSURE, case)
    if case.status != v.CaseStatus.CLOSURE_REQUESTED:
        raise ValidationError(_("Only a case waiting for closure approval can be closed."))
    return _transition(
        case,
        by,
        verb="closed",
        status=v.CaseStatus.CLOSED,
        closed_by=by,
        closed_at=timezone.now(),
    )


@transaction.atomic
def send_back_closure(*, case: Case, by, note: str) -> Case:
    _require(by, APPROVE_CLOSURE, case)
    if case.status != v.CaseStatus.CLOSURE_REQUESTED:
        raise ValidationError(_("Only a case waiting for closure approval can be sent back."))
    locked = _transition(
        case, by, verb="closure_sent_back", status=v.CaseStatus.ACTIVE, closure_note=note
    )
    return locked


@transaction.atomic
def reopen_case(*, case: Case, by, reason: str) -> Case:
    _require(by, APPROVE_CLOSURE, case)
    if case.status != v.CaseStatus.CLOSED:
        raise ValidationError(_("Only a closed case can be reopened."))
    locked = _transition(
        case,
        by,
        verb="reopened",
        status=v.CaseStatus.ACTIVE,
        closed_at=None,
        closed_by=None,
        closure_reason="",
    )
    _history(locked, by, "reopened", "reason", "", reason)
    return locked


@transaction.atomic
def withdraw_consent(*, case: Case, by, on: date | None = None) -> Case:
    """The survivor withdrew consent to sharing: referral access ends (referrals app)."""
    _require(by, OPEN_CASE, case)
    locked = _transition(
        case,
        by,
        verb="consent_withdrawn",
        consent_share_coalition=False,
        consent_share_law_enforcement=False,
        consent_withdrawn_at=on or timezone.localdate(),
    )
    return locked


def _child_org(by) -> Organization:
    staff = staff_of(by)
    if staff is None:
        raise PermissionDenied
    return staff.organization


@transaction.atomic
def add_note(
    *,
    case: Case,
    by,
    text: str,
    kind: str = v.NoteKind.NOTE,
    confidential: bool = False,
    idempotency_key: str = "",
) -> Note:
    organization = _child_org(by)
    earlier = idempotency.earlier_result(by=by, key=idempotency_key, purpose="case.note")
    if earlier is not None:
        return Note.objects.with_scopes_disabled().get(pk=earlier)
    note = Note(
        case=case,
        organization=organization,
        author=by,
        kind=kind,
        text=text,
        confidential=confidential,
    )
    note.full_clean()
    note.save()
    idempotency.remember(by=by, key=idempotency_key, purpose="case.note", target=note)
    log_action(by, AccessLog.Action.CHANGE, case, verb="case.note_added", note=note.pk)
    return note


@transaction.atomic
def set_follow_up(*, case: Case, by, on: date | None) -> Case:
    _require(by, OPEN_CASE, case)
    return _transition(case, by, verb="follow_up_set", next_follow_up=on)


@transaction.atomic
def add_document(
    *,
    case: Case,
    by,
    uploaded,
    doc_type: str,
    description: str = "",
    confidential: bool = False,
    content_type: str,
) -> Document:
    document = Document(
        case=case,
        organization=_child_org(by),
        uploaded_by=by,
        doc_type=doc_type,
        description=description,
        original_name=uploaded.name[:200],
        content_type=content_type,
        size=uploaded.size,
        confidential=confidential,
    )
    document.file.save(uploaded.name, uploaded, save=False)
    document.full_clean()
    document.save()
    log_action(by, AccessLog.Action.CHANGE, case, verb="case.document_added", document=document.pk)
    return document


@transaction.atomic
def record_document_download(*, document: Document, by) -> None:
    log_action(
        by,
        AccessLog.Action.DOWNLOAD,
        document,
        verb="case.document_downloaded",
        doc_type=document.doc_type,
    )


@transaction.atomic
def record_service(
    *, case: Case, by, service: Service, delivered_on: date, description: str = "", referral=None
) -> ServiceDelivery:
    delivery = ServiceDelivery(
        case=case,
        organization=_child_org(by),
        service=service,
        delivered_on=delivered_on,
        delivered_by=by,
        description=description,
    )
    delivery.full_clean()
    delivery.save()
    _history(case, by, "service_recorded", "service", "", service.code)
    log_action(
        by, AccessLog.Action.CHANGE, case, verb="case.service_recorded", service=service.code
    )
    return delivery


@transaction.atomic
def save_proceeding(*, proceeding: LegalProceeding, by, changed: list[str] | None = None):
    """Create (no pk yet) or update a legal proceeding that a form has filled in."""
    creating = proceeding.pk is None
    if creating:
        proceeding.organization = _child_org(by)
        proceeding.created_by = by
    proceeding.full_clean()
    proceeding.save()
    case = proceeding.case
    _history(
        case,
        by,
        "legal_added" if creating else "legal_updated",
        "stage",
        "",
        proceeding.get_stage_display(),
    )
    log_action(
        by,
        AccessLog.Action.CHANGE,
        case,
        verb="case.legal_added" if creating else "case.legal_updated",
        proceeding=proceeding.pk,
        fields=sorted(changed or []),
    )
    return proceeding


@transaction.atomic
def add_hearing(*, proceeding: LegalProceeding, by, on: date, purpose: str = "") -> Hearing:
    hearing = Hearing(proceeding=proceeding, date=on, purpose=purpose)
    hearing.full_clean()
    hearing.save()
    _history(proceeding.case, by, "hearing_added", "hearing", "", on.isoformat())
    log_action(
        by, AccessLog.Action.CHANGE, proceeding.case, verb="case.hearing_added", hearing=hearing.pk
    )
    return hearing


@transaction.atomic
def record_case_view(*, case: Case, by, page: str = "case") -> None:
    log_action(by, AccessLog.Action.VIEW, case, verb=f"case.viewed.{page}")


@transaction.atomic
def grant_case_access(*, case: Case, by, grantee) -> None:
    """Let one named person of another member see this case (a lawyer, say)."""
    from guardian.shortcuts import assign_perm

    _require(by, APPROVE_CLOSURE, case)
    assign_perm("cases.view_case", grantee, case)
    forget_access(grantee)
    _history(case, by, "access_granted", "user", "", grantee.get_username())
    log_action(by, AccessLog.Action.SHARE, case, verb="case.access_granted", user=grantee.pk)


@transaction.atomic
def revoke_case_access(*, case: Case, by, grantee) -> None:
    _require(by, APPROVE_CLOSURE, case)
    CaseUserObjectPermission.objects.filter(user=grantee, content_object=case).delete()
    forget_access(grantee)
    _history(case, by, "access_revoked", "user", grantee.get_username(), "")
    log_action(by, AccessLog.Action.SHARE, case, verb="case.access_revoked", user=grantee.pk)
