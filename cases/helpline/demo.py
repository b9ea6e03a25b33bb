"""A year of synthetic helpline calls for the demo: a few hundred calls at each organisation
with a helpline desk, a share of them opening cases through the intake service."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from members.geography import Province
from members.models import Staff
from members.roles import Role

from .. import services as case_services
from .. import vocabularies as v
from ..demo import DISTRICTS, FAMILY_NAMES, GIVEN_NAMES
from .models import CallerType, CallLanguage, CallOutcome, CallRequest, HelplineCall
from .services import NEED_OF_REQUEST, intake_from_call

CALLS_PER_DESK = 300
CASE_SHARE = 0.15  # of the calls, those that open a case
REQUEST_WEIGHTS = {
    CallRequest.INFORMATION: 30,
    CallRequest.LEGAL_AID: 25,
    CallRequest.RESCUE: 8,
    CallRequest.SHELTER: 10,
    CallRequest.MEDICAL: 5,
    CallRequest.CASE_FOLLOW_UP: 12,
    CallRequest.OTHER: 10,
}
CALLER_WEIGHTS = {
    CallerType.PERSON: 40,
    CallerType.FAMILY: 25,
    CallerType.COMMUNITY: 8,
    CallerType.POLICE_FIA: 4,
    CallerType.ORGANIZATION: 8,
    CallerType.ANONYMOUS: 15,
}
LANGUAGE_WEIGHTS = {
    CallLanguage.URDU: 50,
    CallLanguage.PUNJABI: 20,
    CallLanguage.SINDHI: 12,
    CallLanguage.PASHTO: 8,
    CallLanguage.SARAIKI: 6,
    CallLanguage.BALOCHI: 3,
    CallLanguage.ENGLISH: 1,
}


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def create_calls(*, seed: int = 2026) -> int:
    """Calls for every helpline desk whose organisation has none yet; returns how many."""
    made = 0
    for desk in Staff.objects.filter(role=Role.HELPLINE_DESK).select_related(
        "user", "organization"
    ):
        if (
            HelplineCall.objects.with_scopes_disabled()
            .filter(organization_id=desk.organization_id)
            .exists()
        ):
            continue
        made += _create_for(desk, random.Random(f"{seed}-calls-{desk.organization_id}"))  # noqa: S311 -- synthetic data
    return made


@transaction.atomic
def _create_for(desk: Staff, rng: random.Random) -> int:
    now = timezone.now()
    calls = []
    for _ in range(CALLS_PER_DESK):
        province = rng.choice(list(DISTRICTS))
        request = _pick(rng, REQUEST_WEIGHTS)
        # Office hours mostly, some at night: a helpline's day, in Pakistan time.
        hour = rng.choice([9, 10, 10, 11, 11, 12, 13, 14, 15, 15, 16, 17, 19, 21, 23])
        called_at = timezone.localtime(now - timedelta(days=rng.randint(0, 364))).replace(
            hour=hour, minute=rng.randint(0, 59), second=0, microsecond=0
        )
        outcome = _pick(
            rng,
            {
                CallOutcome.INFORMATION_GIVEN: 50,
                CallOutcome.REFERRED: 25,
                CallOutcome.CALL_BACK: 12,
            },
        )
        call = HelplineCall(
            organization_id=desk.organization_id,
            taken_by=desk.user,
            called_at=min(called_at, now),
            caller_type=_pick(rng, CALLER_WEIGHTS),
            language=_pick(rng, LANGUAGE_WEIGHTS),
            province=province,
            district=rng.choice(DISTRICTS[province]),
            request=request,
            outcome=outcome,
            duration_minutes=rng.randint(1, 25),
        )
        if outcome == CallOutcome.CALL_BACK:
            call.callback_due = call.called_at + timedelta(hours=rng.randint(1, 48))
            if call.callback_due < now - timedelta(days=2) or rng.random() < 0.5:
                call.callback_done_at = min(now, call.callback_due)
        calls.append(call)
    HelplineCall.objects.with_scopes_disabled().bulk_create(calls)
    for call in calls:
        if call.request != CallRequest.INFORMATION and rng.random() < CASE_SHARE:
            _open_case(desk, call, rng)
    return len(calls)


def _open_case(desk: Staff, call: HelplineCall, rng: random.Random) -> None:
    agrees = rng.random() < 0.7
    name = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
    need = NEED_OF_REQUEST.get(call.request)
    case = case_services.open_case(
        organization=desk.organization,
        by=desk.user,
        facets={"need": [need]} if need else None,
        **intake_from_call(call),
        intake_date=timezone.localtime(call.called_at).date(),
        full_name=name if agrees else "",
        alias="" if agrees else rng.choice(GIVEN_NAMES),
        sex=rng.choice([v.Sex.FEMALE, v.Sex.FEMALE, v.Sex.MALE]),
        origin_province=call.province or Province.PUNJAB,
        origin_district=call.district,
        current_district=call.district,
        consent_record=agrees,
        consent_share_coalition=agrees,
        summary="Synthetic helpline case.",
    )
    call.case = case
    call.outcome = CallOutcome.CASE_OPENED
    call.callback_due = call.callback_done_at = None
    call.save(update_fields=["case", "outcome", "callback_due", "callback_done_at"])
