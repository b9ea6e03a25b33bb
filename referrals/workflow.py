"""The referral state machine: the only place a referral's status changes.

    pending  -> accepted | declined | withdrawn | expired
    accepted -> completed | withdrawn

An accepted referral is withdrawn only by the system, when the survivor withdraws consent to
sharing (referrals/consent.py); the sending organisation withdraws only a pending one. A referral
is accepted only while the case's consent to share with coalition members stands.

Each move is one transaction: the row is locked, the move checked against its current status (so
of two people answering at once, exactly one wins and the other is told), and a history row and an
access-log entry are written with it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from coalition.audit import log_action
from coalition.models import AccessLog
from members.access import forget_access, has_org_perm, staff_of
from members.roles import HANDLE_REFERRALS

from .models import Referral, ReferralEvent, Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PENDING: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED}),
    Status.ACCEPTED: frozenset({Status.COMPLETED, Status.WITHDRAWN}),
}
# Which side makes each move. The system (by=None) expires (a job) and withdraws (consent
# withdrawn).
RECEIVER_MOVES = frozenset({Status.ACCEPTED, Status.DECLINED, Status.COMPLETED})
SENDER_MOVES = frozenset({Status.WITHDRAWN})
SYSTEM_MOVES = frozenset({Status.EXPIRED, Status.WITHDRAWN})
ENDING = frozenset({Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED, Status.COMPLETED})


class TransitionRefused(Exception):
    """The move is not possible from the referral's current status; `message` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _check_actor(referral: Referral, to: str, by) -> None:
    if by is None:
        if to not in SYSTEM_MOVES:
            raise PermissionDenied
        return
    staff = staff_of(by)
    if staff is None:
        raise PermissionDenied
    if to in RECEIVER_MOVES:
        receiving = staff.organization_id == referral.to_organization_id
        if not receiving or not (
            has_org_perm(by, HANDLE_REFERRALS) or referral.assigned_to_id == staff.pk
        ):
            raise PermissionDenied
    elif to in SENDER_MOVES:
        if staff.organization_id != referral.from_organization_id:
            raise PermissionDenied
    else:
        raise PermissionDenied


def _allowed(status: str, by) -> frozenset[str]:
    allowed = TRANSITIONS.get(status, frozenset())
    if by is not None and status == Status.ACCEPTED:
        allowed -= {Status.WITHDRAWN}  # only a consent withdrawal ends an accepted referral so
    return allowed


def move(referral: Referral, to: str, by, *, note: str = "", **fields) -> Referral:
    """Move `referral` to status `to`, setting `fields` with it; returns the saved referral."""
    with transaction.atomic():
        if to == Status.ACCEPTED:
            # The case first, as a consent withdrawal locks it (then its referrals): an accept
            # waits for a withdrawal under way and then sees it.
            Case.objects.with_scopes_disabled().select_for_update().filter(
                pk=referral.case_id
            ).exists()
        locked = (
            Referral.objects.with_scopes_disabled()
            .select_for_update(of=("self",))
            .select_related("case", "to_organization", "from_organization", "service")
            .get(pk=referral.pk)
        )
        _check_actor(locked, to, by)
        if to not in _allowed(locked.status, by):
            raise TransitionRefused(
                _(
                    "This referral is already %(status)s, so it cannot be %(action)s. "
                    "Reload the page to see its current state."
                )
                % {
                    "status": locked.get_status_display().lower(),
                    "action": Status(to).label.lower(),
                }
            )
        if to == Status.ACCEPTED and not locked.case.can_share_with_coalition:
            raise TransitionRefused(
                _(
                    "The survivor's consent to share with coalition members no longer stands, so "
                    "this referral cannot be accepted."
                )
            )
        previous = locked.status
        locked.status = to
        now = timezone.now()
        if to in (Status.ACCEPTED, Status.DECLINED):
            locked.responded_by, locked.responded_at = by, now
        if to in ENDING:
            locked.ended_at = now
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        if by is not None:
            forget_access(by)
        ReferralEvent.objects.create(
            referral=locked, by=by, from_status=previous, to_status=to, note=note
        )
        log_action(
            by,
            AccessLog.Action.SHARE if to == Status.ACCEPTED else AccessLog.Action.CHANGE,
            locked,
            verb=f"referral.{to}",
            organization=locked.case.organization,
        )
        return locked
