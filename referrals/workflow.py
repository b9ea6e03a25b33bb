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

from cases import access
from cases import services as case_services
from coalition.audit import log_action
from coalition.models import AccessLog
from members.access import forget_access

from .models import Referral, ReferralEvent, Status
from .visibility import is_receiver

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


def _check_actor(referral: Referral, to: str, by, case) -> None:
    """The receiving side answers; the sending side withdraws; the system only expires."""
    if by is None:
        if to not in SYSTEM_MOVES:
            raise PermissionDenied
        return
    forget_access(by)  # judged on the user's role as it is now
    if to in RECEIVER_MOVES:
        if not is_receiver(by, referral):
            raise PermissionDenied
    elif to in SENDER_MOVES:
        access.require(by, "withdraw_referral", case)
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
        # The case first, then the referral and its share: every write on a case locks in
        # that order (consent withdrawal too), so two of them never wait on each other.
        case = (
            case_services.unscoped_cases().select_for_update(of=("self",)).get(pk=referral.case_id)
        )
        locked = (
            Referral.objects.with_scopes_disabled()
            .select_for_update(of=("self",))
            .select_related("to_organization", "from_organization", "service")
            .get(pk=referral.pk)
        )
        locked.case = case
        _check_actor(locked, to, by, case)
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
        if to == Status.ACCEPTED and not case.can_share_with_coalition:
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
        if to == Status.ACCEPTED:
            case_services.open_share(key=locked.share_key, by=by, staff=locked.assigned_to)
        elif to in ENDING:
            case_services.end_share(key=locked.share_key, by=by)
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
