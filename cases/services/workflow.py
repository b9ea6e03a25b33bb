"""A case's course: assignment, status, closure (request, approve, send back), reopening.

Each move locks the case, re-reads it and asks the access layer about the case as it is now, so
that of two people acting at once on the same case the second is judged on the first's result.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.models import AccessLog
from coalition.notifications import notify, settle
from members.access import forget_access
from members.models import Staff
from members.queries import users_in_roles
from members.roles import Role

from .. import vocabularies as v
from ..models import Case, CaseChange
from ..panels import open_work_of
from .common import history, lock_case


def _move(case: Case, by, action: str, *, verb: str, history_field: str = "", **fields) -> Case:
    locked = lock_case(case, by, action)
    old = {name: getattr(locked, name) for name in fields}
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    if history_field:
        history(
            locked, by, verb, history_field, _code(old[history_field]), _code(fields[history_field])
        )
    else:
        history(locked, by, verb)
    log_action(by, AccessLog.Action.CHANGE, locked, verb=f"case.{verb}", status=locked.status)
    return locked


def _code(value) -> str:
    """What a history row stores: a model's id, or the value itself (a code, a date)."""
    if value is None:
        return ""
    return str(getattr(value, "pk", value))


@transaction.atomic
def assign_case(*, case: Case, by, assignee: Staff) -> Case:
    if assignee.organization_id != case.organization_id or not assignee.user.is_active:
        raise ValidationError(_("Choose an active caseworker of the case's organisation."))
    locked = _move(
        case, by, "assign", verb="assigned", history_field="assigned_to", assigned_to=assignee
    )
    forget_access(by)
    return locked


@transaction.atomic
def set_status(*, case: Case, by, status: str) -> Case:
    """Move a case between open and active; closing and reopening have their own paths."""
    if status not in (v.CaseStatus.OPEN, v.CaseStatus.ACTIVE):
        raise ValidationError(_("Use closure to close a case, and reopen to reopen it."))
    return _move(
        case, by, "set_status", verb="status_changed", history_field="status", status=status
    )


@transaction.atomic
def request_closure(*, case: Case, by, reason: str, note: str = "") -> Case:
    if reason not in v.ClosureReason.values:
        raise ValidationError({"reason": _("Choose a closure reason.")})
    if reason == v.ClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Say why the case should close: the reason is Other.")})
    locked = _move(
        case,
        by,
        "request_closure",
        verb="closure_requested",
        history_field="status",
        status=v.CaseStatus.CLOSURE_REQUESTED,
        closure_reason=reason,
        closure_note=note,
        closure_requested_by=by,
        closure_requested_at=timezone.now(),
    )
    notify(
        users_in_roles(Role.SUPERVISOR, organization=locked.organization),
        "closure_requested",
        link=reverse("cases:review_closure", args=[locked.pk]),
        dedupe_key=f"closure_requested:{locked.pk}:{locked.version}",
        case=locked.number,
    )
    return locked


@transaction.atomic
def approve_closure(*, case: Case, by, open_work_confirmed: bool = False) -> Case:
    """Close the case. While something is still open on it (a hearing ahead, a referral under
    way, a follow-up planned), the approver must say they have seen it."""
    locked = lock_case(case, by, "approve_closure")
    if not open_work_confirmed and open_work_of(locked):
        raise ValidationError(
            _("Something is still open on this case: confirm you have checked it before closing.")
        )
    closed = _move(
        locked,
        by,
        "approve_closure",
        verb="closed",
        history_field="status",
        status=v.CaseStatus.CLOSED,
        closed_by=by,
        closed_at=timezone.now(),
    )
    _closure_decided(closed)
    return closed


def _closure_decided(case: Case) -> None:
    """The supervisors' 'waits for your approval' notifications are done with."""
    supervisors = users_in_roles(Role.SUPERVISOR, organization=case.organization)
    settle(supervisors, f"closure_requested:{case.pk}:")


@transaction.atomic
def send_back_closure(*, case: Case, by, note: str) -> Case:
    """Back to work, in the status it had before closure was asked (open or active), with what
    still needs doing: the case page shows the note (`Case.sent_back_note`) and whoever asked
    to close it, and its caseworker, are told."""
    locked = lock_case(case, by, "send_back_closure")
    asked_by = locked.closure_requested_by_id  # the move clears it
    locked = _move(
        locked,
        by,
        "send_back_closure",
        verb="closure_sent_back",
        history_field="status",
        status=_status_before_closure_asked(locked),
        closure_note=note,
        closure_reason="",
        closure_requested_by=None,
        closure_requested_at=None,
    )
    _closure_decided(locked)
    caseworker = Staff.objects.filter(pk=locked.assigned_to_id).values_list("user", flat=True)
    told = {asked_by, *caseworker} - {None}
    notify(
        get_user_model().objects.filter(pk__in=told),
        "closure_sent_back",
        link=reverse("cases:detail", args=[locked.pk]),
        dedupe_key=f"closure_sent_back:{locked.pk}:{locked.version}",
        case=locked.number,
    )
    return locked


def _status_before_closure_asked(case: Case) -> str:
    """What the case's history says it was when closure was last asked: open or active."""
    before = (
        CaseChange.objects.with_scopes_disabled()
        .filter(case=case, what="closure_requested", field="status")
        .values_list("old", flat=True)
        .first()
    )
    return before if before in (v.CaseStatus.OPEN, v.CaseStatus.ACTIVE) else v.CaseStatus.ACTIVE


@transaction.atomic
def reopen_case(*, case: Case, by, reason: str) -> Case:
    locked = _move(
        case,
        by,
        "reopen",
        verb="reopened",
        history_field="status",
        status=v.CaseStatus.ACTIVE,
        closed_at=None,
        closed_by=None,
        closure_reason="",
        closure_note="",  # the closed request's; a reopened case has no request
        closure_requested_by=None,
        closure_requested_at=None,
    )
    history(locked, by, "reopened", "reason", "", reason)
    return locked


@transaction.atomic
def set_follow_up(*, case: Case, by, on: date | None) -> Case:
    return _move(
        case,
        by,
        "set_follow_up",
        verb="follow_up_set",
        history_field="next_follow_up",
        next_follow_up=on,
    )
