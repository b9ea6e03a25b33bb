"""Taking each action as one person, in a savepoint that is rolled back, and naming the outcome."""

from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from cases.models import Case
from cases.transfer.models import CaseTransfer, TransferStatus
from members.access import forget_access
from referrals.workflow import TransitionRefused

from .scenario import Scenario
from .table import ALLOW, DENY, REFUSE


class _Done(Exception):
    pass


def outcome(scenario: Scenario, action: str, take: Callable[[], object]) -> str:
    """Prepare the state the action needs, take it, roll everything back; say what happened."""
    try:
        with transaction.atomic():
            prepare(scenario, action)
            forget_access(scenario.actor.user)
            result = take()
            raise _Done(result)
    except _Done as done:
        return done.args[0] if done.args[0] in (ALLOW, REFUSE, DENY) else ALLOW
    except (PermissionDenied, Http404):
        return DENY
    except (ValidationError, TransitionRefused):
        return REFUSE


def prepare(scenario: Scenario, action: str) -> None:
    """Closure review needs a closure requested, reopening a closed case (except on a case that
    is closed already: there the state is the point); withdrawing or answering a transfer needs
    one waiting; the summary for police or FIA needs that consent."""
    if action in ("withdraw_transfer", "accept_transfer", "decline_transfer"):
        pending_transfer(scenario)
    if action == "produce_police_summary":
        Case.objects.with_scopes_disabled().filter(pk=scenario.case.pk).update(
            consent_share_law_enforcement=True
        )
    if scenario.relation == "closed":
        return
    cases = Case.objects.with_scopes_disabled().filter(pk=scenario.case.pk)
    if action in ("approve_closure", "send_back_closure"):
        cases.update(status="closure_requested", closure_reason="services_completed")
    elif action == "reopen":
        cases.update(status="closed", closed_at=timezone.now() - timedelta(days=1))
    scenario.case.refresh_from_db()


def pending_transfer(scenario: Scenario) -> CaseTransfer:
    """The transfer waiting on the scenario's case: to the actor's organisation where the case is
    another's, else to the outsider's."""
    existing = CaseTransfer.objects.with_scopes_disabled().filter(
        case=scenario.case, status=TransferStatus.PENDING
    )
    if existing.exists():
        return existing.get()
    owner = scenario.owner_caseworker
    home = scenario.actor.organization_id
    to = home if owner.organization_id != home else scenario.outsider.organization_id
    return CaseTransfer.objects.with_scopes_disabled().create(
        case=scenario.case,
        from_organization_id=owner.organization_id,
        to_organization_id=to,
        reason="Synthetic transfer.",
        consent_given_on=timezone.localdate(),
        consent_recorded_by=owner.user,
        proposed_by=owner.user,
    )
