"""Writing transfers. Proposing and withdrawing are actions on the case (cases.access ACTIONS);
answering belongs to the receiving organisation's supervisors (cases.access.TRANSFER_DESK).
Each is one transaction: the transfer row is locked first, so that an acceptance and a decline
sent at once cannot both happen; an acceptance then locks the case row before moving it."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.audit import log_action
from coalition.models import AccessLog
from coalition.notifications import notify
from members.access import access_changed, forget_access
from members.models import Organization, Staff
from members.queries import users_holding
from members.roles import ASSIGN_CASES, OPEN_CASE, ROLE_PERMISSIONS, VIEW_OWN_CASES

from .. import access
from .. import vocabularies as v
from ..models import CaseShare
from ..services.common import history, lock_case, unscoped_cases
from ..services.intake import number_case
from ..signals import case_transferred
from .models import CaseTransfer, TransferStatus


def _params(transfer: CaseTransfer) -> dict:
    """What a notification about a transfer may say: no name, no content of the case."""
    return {
        "case": transfer.old_number or transfer.case.number,
        "from_org": transfer.from_organization.short_name,
        "to_org": transfer.to_organization.short_name,
    }


def _notify(transfer: CaseTransfer, recipients, kind: str) -> None:
    notify(
        recipients,
        kind,
        link=reverse("cases:transfer_detail", args=[transfer.pk]),
        dedupe_key=f"transfer:{transfer.pk}:{kind}",
        **_params(transfer),
    )


@transaction.atomic
def propose_transfer(
    *, case, by, to_organization: Organization, reason: str, consent_given_on: date | None
) -> CaseTransfer:
    """The owner proposes to hand the case over to another organisation, with the person's
    agreement recorded; the receiving supervisors are told."""
    case = lock_case(case, by, "propose_transfer")
    if to_organization.pk == case.organization_id or not to_organization.active:
        raise ValidationError(_("Choose another active organisation."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case should move.")})
    if consent_given_on is None:
        raise ValidationError(
            {"consent_given_on": _("A case moves only if the person agrees: record when they did.")}
        )
    if consent_given_on > timezone.localdate():
        raise ValidationError({"consent_given_on": _("The date cannot be in the future.")})
    if (
        CaseTransfer.objects.with_scopes_disabled()
        .filter(case=case, status=TransferStatus.PENDING)
        .exists()
    ):
        raise ValidationError(_("This case already has a transfer waiting for an answer."))
    transfer = CaseTransfer(
        case=case,
        from_organization_id=case.organization_id,
        to_organization=to_organization,
        reason=reason.strip(),
        consent_given_on=consent_given_on,
        consent_recorded_by=by,
        proposed_by=by,
        from_assigned_to_id=case.assigned_to_id,
    )
    transfer.full_clean(exclude=["case"], validate_constraints=False)
    transfer.save()
    history(case, by, "transfer_proposed", new=to_organization.short_name)
    log_action(
        by,
        AccessLog.Action.SHARE,
        transfer,
        verb="transfer.proposed",
        to_organization=to_organization.pk,
    )
    _notify(
        transfer, users_holding(ASSIGN_CASES, organization=to_organization), "transfer_proposed"
    )
    return transfer


def _lock_transfer(transfer: CaseTransfer | int) -> CaseTransfer:
    pk = transfer.pk if isinstance(transfer, CaseTransfer) else transfer
    return (
        CaseTransfer.objects.with_scopes_disabled()
        .select_for_update(of=("self",))
        .select_related("from_organization", "to_organization")
        .get(pk=pk)
    )


def _answerable(transfer: CaseTransfer, by) -> CaseTransfer:
    """Lock the transfer, re-read it, and check that `by` answers it and it still waits."""
    assert transaction.get_connection().in_atomic_block
    locked = _lock_transfer(transfer)
    forget_access(by)
    if not access.answers_transfer(by, organization_id=locked.to_organization_id):
        raise PermissionDenied
    if locked.status != TransferStatus.PENDING:
        raise ValidationError(_("This transfer has been answered or withdrawn already."))
    return locked


@transaction.atomic
def accept_transfer(*, transfer: CaseTransfer, by, assign_to: Staff | None = None) -> CaseTransfer:
    """The receiving supervisor takes the case: it gets the next number of their organisation
    (the old one kept as a former number), the caseworker they choose (or none yet), and every
    referral on it follows; the old owner keeps its own rows as a read-only record."""
    transfer = _answerable(transfer, by)
    if assign_to is not None and (
        assign_to.organization_id != transfer.to_organization_id
        or not {OPEN_CASE, VIEW_OWN_CASES} <= _perms_of(assign_to)
    ):
        raise ValidationError(_("Choose a caseworker of your organisation."))
    case = unscoped_cases().select_for_update(of=("self",)).get(pk=transfer.case_id)
    if case.organization_id != transfer.from_organization_id:
        raise ValidationError(_("This case has moved since the transfer was proposed."))
    if case.status == v.CaseStatus.CLOSED:
        raise ValidationError(_("This case was closed after the transfer was proposed."))
    old_number = case.number
    number_case(case, transfer.to_organization, timezone.localdate().year)
    case.organization = transfer.to_organization
    case.former_numbers = f"{case.former_numbers} {old_number}".strip()[:200]
    case.assigned_to = assign_to
    case.version += 1
    case.save(
        update_fields=[
            "organization", "year", "serial", "number", "former_numbers", "assigned_to",
            "version", "updated_at",
        ]
    )  # fmt: skip
    # Grants to named people were the old owner's to give; the new owner gives its own.
    CaseShare.objects.filter(case=case, kind=CaseShare.Kind.GRANT, ended_at=None).update(
        ended_at=timezone.now()
    )
    access_changed()  # the named people it was open to no longer see it
    transfer.status = TransferStatus.ACCEPTED
    transfer.answered_by = by
    transfer.answered_at = timezone.now()
    transfer.old_number = old_number
    transfer.save(update_fields=["status", "answered_by", "answered_at", "old_number"])
    history(case, by, "transferred", field="number", old=old_number, new=case.number)
    case_transferred.send(
        sender=type(case),
        case=case,
        from_organization_id=transfer.from_organization_id,
        by=by,
    )
    log_action(by, AccessLog.Action.CHANGE, transfer, verb="transfer.accepted")
    log_action(
        by,
        AccessLog.Action.CHANGE,
        case,
        verb="case.transferred",
        from_organization=transfer.from_organization_id,
        to_organization=transfer.to_organization_id,
        old_number=old_number,
    )
    forget_access(by)
    _notify(transfer, [transfer.proposed_by], "transfer_accepted")
    return transfer


def _perms_of(staff: Staff) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(staff.role, frozenset())


@transaction.atomic
def decline_transfer(*, transfer: CaseTransfer, by, note: str = "") -> CaseTransfer:
    transfer = _answerable(transfer, by)
    transfer.status = TransferStatus.DECLINED
    transfer.answered_by = by
    transfer.answered_at = timezone.now()
    transfer.answer_note = note.strip()[:500]
    transfer.save(update_fields=["status", "answered_by", "answered_at", "answer_note"])
    log_action(by, AccessLog.Action.CHANGE, transfer, verb="transfer.declined")
    _notify(transfer, [transfer.proposed_by], "transfer_declined")
    return transfer


@transaction.atomic
def withdraw_transfer(*, case, by) -> CaseTransfer:
    """The owner takes back the transfer waiting on the case."""
    case = lock_case(case, by, "withdraw_transfer")
    transfer = (
        CaseTransfer.objects.with_scopes_disabled()
        .filter(case=case, status=TransferStatus.PENDING)
        .first()
    )
    if transfer is None:
        raise ValidationError(_("This case has no transfer waiting for an answer."))
    transfer = _lock_transfer(transfer)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError(_("This transfer has been answered or withdrawn already."))
    transfer.status = TransferStatus.WITHDRAWN
    transfer.answered_by = by
    transfer.answered_at = timezone.now()
    transfer.save(update_fields=["status", "answered_by", "answered_at"])
    history(case, by, "transfer_withdrawn")
    log_action(by, AccessLog.Action.CHANGE, transfer, verb="transfer.withdrawn")
    _notify(
        transfer,
        users_holding(ASSIGN_CASES, organization=transfer.to_organization),
        "transfer_withdrawn",
    )
    return transfer


@transaction.atomic
def record_view(*, transfer: CaseTransfer, by) -> None:
    log_action(by, AccessLog.Action.VIEW, transfer, verb="transfer.viewed")
