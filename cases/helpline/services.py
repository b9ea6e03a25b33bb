"""Writing the call log: logging a call, opening a case from it, attaching it to a case, and
marking a call-back made. Each is keyword-only, one transaction, one access-log entry."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition import idempotency
from coalition.audit import log_action
from coalition.models import AccessLog, SubmitKey
from members.access import forget_access, has_org_perm, staff_of
from members.roles import LOG_CALLS

from .. import services as case_services
from .. import vocabularies as v
from ..models import Case
from .models import CallOutcome, CallRequest, HelplineCall

# What a call asked for, as the need the case records.
NEED_OF_REQUEST = {
    CallRequest.LEGAL_AID: "legal_aid",
    CallRequest.SHELTER: "shelter",
    CallRequest.MEDICAL: "medical",
}


def _desk_of(by):
    """The acting person's staff record, if their role logs calls; else PermissionDenied."""
    forget_access(by)
    staff = staff_of(by)
    if staff is None or not has_org_perm(by, LOG_CALLS):
        raise PermissionDenied
    return staff


def _lock_call(call: HelplineCall | int, by) -> HelplineCall:
    """Lock the call's row and re-read it; a call of another organisation is not there."""
    staff = _desk_of(by)
    pk = call.pk if isinstance(call, HelplineCall) else call
    locked = HelplineCall.objects.with_scopes_disabled().select_for_update().filter(pk=pk).first()
    if locked is None or locked.organization_id != staff.organization_id:
        raise PermissionDenied
    return locked


@transaction.atomic
def log_call(
    *,
    by,
    called_at: datetime | None = None,
    caller_type: str,
    language: str,
    request: str,
    outcome: str,
    province: str = "",
    district: str = "",
    duration_minutes: int = 1,
    callback_due: datetime | None = None,
    idempotency_key: str = "",
) -> HelplineCall:
    """A call, logged by its organisation's helpline desk. Sent again with the same key, it
    returns the call it logged."""
    staff = _desk_of(by)
    earlier = idempotency.earlier_result(by=by, key=idempotency_key, purpose="call.log")
    if earlier is not None:
        return HelplineCall.objects.with_scopes_disabled().get(pk=earlier)
    if outcome == CallOutcome.CALL_BACK and callback_due is None:
        raise ValidationError({"callback_due": _("Say by when to call back.")})
    call = HelplineCall(
        organization_id=staff.organization_id,
        taken_by=by,
        called_at=called_at or timezone.now(),
        caller_type=caller_type,
        language=language,
        province=province,
        district=district.strip(),
        request=request,
        outcome=outcome,
        duration_minutes=duration_minutes,
        callback_due=callback_due,
    )
    if call.called_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"called_at": _("A call cannot be in the future.")})
    call.full_clean(exclude=["case"])
    call.save()
    idempotency.remember(by=by, key=idempotency_key, purpose="call.log", target=call)
    log_action(
        by,
        AccessLog.Action.CREATE,
        call,
        verb="call.logged",
        request=request,
        outcome=outcome,
    )
    return call


def intake_from_call(call: HelplineCall) -> dict:
    """What the quick intake starts from when a call opens a case."""
    return {
        "intake_channel": v.IntakeChannel.HELPLINE,
        "current_location": ", ".join(filter(None, [call.district, call.get_province_display()])),
        "risk_level": v.RiskLevel.HIGH
        if call.request == CallRequest.RESCUE
        else v.RiskLevel.MEDIUM,
    }


@transaction.atomic
def open_case_from_call(
    *, call: HelplineCall, by, idempotency_key: str = "", **case_fields
) -> Case:
    """Open a case from a call, in the desk's organisation (cases.services.open_case holds the
    rule on who may), and record on the call that it did."""
    call = _lock_call(call, by)
    if call.case_id is not None:
        if idempotency_key and _opened_with(by, idempotency_key) == call.case_id:
            return Case.objects.visible_to(by).get(pk=call.case_id)  # the same submit, again
        raise ValidationError(_("This call is already linked to a case."))
    need = NEED_OF_REQUEST.get(call.request)
    case = case_services.open_case(
        organization=call.organization,
        by=by,
        idempotency_key=idempotency_key,
        facets={"need": [need]} if need else None,
        **{"intake_channel": v.IntakeChannel.HELPLINE, **case_fields},
    )
    call.case = case
    call.outcome = CallOutcome.CASE_OPENED
    call.save(update_fields=["case", "outcome"])
    log_action(by, AccessLog.Action.CHANGE, call, verb="call.case_opened", case_id=case.pk)
    return case


def _opened_with(by, key: str) -> int | None:
    return (
        SubmitKey.objects.filter(user=by, key=key, purpose="case.open")
        .values_list("target_id", flat=True)
        .first()
    )


@transaction.atomic
def attach_call(*, call: HelplineCall, by, case: Case) -> HelplineCall:
    """Attach a call to a case the desk can see; a case it cannot see is not there."""
    call = _lock_call(call, by)
    if not Case.objects.visible_to(by).filter(pk=case.pk).exists():
        raise PermissionDenied
    if call.case_id == case.pk:
        return call
    if call.case_id is not None:
        raise ValidationError(_("This call is already linked to a case."))
    call.case = case
    call.save(update_fields=["case"])
    log_action(by, AccessLog.Action.CHANGE, call, verb="call.attached", case_id=case.pk)
    return call


@transaction.atomic
def mark_callback_done(*, call: HelplineCall, by) -> HelplineCall:
    call = _lock_call(call, by)
    if not call.callback_open:
        raise ValidationError(_("This call has no call-back waiting."))
    call.callback_done_at = timezone.now()
    call.save(update_fields=["callback_done_at"])
    log_action(by, AccessLog.Action.CHANGE, call, verb="call.callback_done")
    return call


def record_call_view(*, call: HelplineCall, by) -> None:
    """Who opened a call's page: it holds what the caller said and how to reach them."""
    log_action(by, AccessLog.Action.VIEW, call, verb="call.viewed", case_id=call.case_id)
