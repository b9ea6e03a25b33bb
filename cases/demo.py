"""Synthetic cases for the demo and the benchmarks: plausible, varied, and fast to make.

Bulk inserts, not the services: 100,000 cases must take minutes, not hours. No real person is in
here; names are drawn from common Pakistani given names, CNICs and phones are random.
"""

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from members.geography import Province
from members.models import Organization, Staff
from members.roles import Role

from . import record_vocabularies as rv
from . import vocabularies as v
from .models import (
    Case,
    CaseCounter,
    CaseEvent,
    CaseFacet,
    ConsentEvent,
    LegalProceeding,
    Note,
    Perpetrator,
    SmugglingRecord,
)
from .services import format_case_number

BATCH = 2000

GIVEN_NAMES = [
    "Ayesha", "Fatima", "Zainab", "Maryam", "Sana", "Nadia", "Rubina", "Shazia", "Kiran", "Hina",
    "Bushra", "Sadia", "Parveen", "Nasreen", "Samina", "Ali", "Ahmed", "Bilal", "Imran", "Asif",
    "Kashif", "Naveed", "Rashid", "Sajid", "Tariq", "Usman", "Zahid", "Gul", "Shabnam", "Bakhtawar",
    "Noor", "Rani", "Bindiya", "Jannat", "Sultana", "Khalid", "Akbar", "Ramzan", "Allah Ditta",
]  # fmt: skip
FAMILY_NAMES = [
    "Bibi", "Khan", "Masih", "Baloch", "Shah", "Hussain", "Kolhi", "Bheel", "Meghwar", "Jatoi",
    "Mughal", "Qureshi", "Abbasi", "Bugti", "Marri", "Yousafzai", "Afridi", "Siddiqui", "Malik",
]  # fmt: skip
# District codes of members/data/districts.csv, so the pickers show what the demo wrote.
DISTRICTS = {
    Province.PUNJAB: ["Lahore", "Kasur", "Sheikhupura", "Faisalabad", "Multan", "Rahim Yar Khan"],
    Province.SINDH: ["Karachi South", "Korangi", "Hyderabad", "Umerkot", "Tharparkar", "Badin"],
    Province.KPK: ["Peshawar", "Mardan", "Swat", "Kohat", "Dera Ismail Khan"],
    Province.BALOCHISTAN: ["Quetta", "Kech", "Gwadar", "Khuzdar"],
    Province.ISLAMABAD: ["Islamabad"],
}
# Where people are when a member meets them: at home mostly, else in a city they were taken to.
CITY_DISTRICTS = ["Karachi South", "Karachi East", "Lahore", "Islamabad", "Rawalpindi", "Quetta"]
DESTINATIONS = ["Saudi Arabia", "United Arab Emirates", "Oman", "Iran", "Türkiye", "Malaysia"]
DESTINATION_CODES = {"Saudi Arabia": "SA", "United Arab Emirates": "AE", "Oman": "OM",
                     "Iran": "IR", "Türkiye": "TR", "Malaysia": "MY"}  # fmt: skip

# Proportions shaped like Pakistan's published picture (the provinces' and FIA's yearly
# trafficking figures as reported to the Ministry of Interior, and the US TIP report's Pakistan
# chapter): bonded labour, mostly in brick kilns and agriculture, is the largest form; domestic
# servitude, sexual exploitation and forced or child marriage are common; forced begging follows;
# organ removal and recruitment into armed groups are rare. These are weights for synthetic data,
# not the published numbers themselves.
EXPLOITATION_WEIGHTS = {
    v.ExploitationType.BONDED_LABOUR: 27,
    v.ExploitationType.DOMESTIC_SERVITUDE: 16,
    v.ExploitationType.SEXUAL: 17,
    v.ExploitationType.FORCED_LABOUR: 13,
    v.ExploitationType.FORCED_MARRIAGE: 10,
    v.ExploitationType.FORCED_BEGGING: 8,
    v.ExploitationType.CRIMINAL_ACTIVITY: 3,
    v.ExploitationType.OTHER: 4,
    v.ExploitationType.CHILD_SOLDIERING: 1,
    v.ExploitationType.ORGAN_REMOVAL: 0.5,
}
# Where people come from: most reported cases are in Punjab and Sindh, in line with population.
PROVINCE_WEIGHTS = {
    Province.PUNJAB: 50,
    Province.SINDH: 26,
    Province.KPK: 13,
    Province.BALOCHISTAN: 7,
    Province.ISLAMABAD: 4,
}
# NADRA's first CNIC digit by province.
CNIC_DIGIT = {Province.KPK: 1, Province.PUNJAB: 3, Province.SINDH: 4, Province.BALOCHISTAN: 5,
              Province.ISLAMABAD: 6}  # fmt: skip
BONDED_INDUSTRIES = [v.LabourIndustry.BRICK_KILN] * 3 + [v.LabourIndustry.AGRICULTURE] * 2


def create_cases(*, count: int, seed: int = 2026, stdout=None) -> int:
    """Make sure the database holds at least `count` cases; returns how many were added."""
    existing = Case.objects.with_scopes_disabled().count()
    wanted = max(0, count - existing)
    if not wanted:
        return 0
    rng = random.Random(seed + existing)  # noqa: S311 -- synthetic data, not secrets
    organizations = list(Organization.objects.filter(kind=Organization.Kind.MEMBER, active=True))
    caseworkers = defaultdict(list)
    for staff in Staff.objects.filter(role__in=[Role.CASEWORKER, Role.SUPERVISOR]):
        caseworkers[staff.organization_id].append(staff)
    made = 0
    while made < wanted:
        size = min(BATCH, wanted - made)
        with transaction.atomic():
            _create_batch(rng, organizations, caseworkers, size)
        made += size
        if stdout is not None and wanted > BATCH:
            stdout.write(f"  {made}/{wanted} cases")
    return made


def _create_batch(rng, organizations, caseworkers, size: int) -> None:
    today = timezone.localdate()
    cases = [_random_case(rng, rng.choice(organizations), caseworkers, today) for _ in range(size)]
    _number(cases)
    facets = [facet for case in cases for facet in _random_facets(rng, case)]
    Case.objects.bulk_create(cases, batch_size=500)
    for facet in facets:
        facet.case_id = facet.case.pk
    proceedings, notes = [], []
    perpetrators, events, smuggling = [], [], []
    for case in cases:
        if rng.random() < 0.3 or case.case_type != v.CaseType.TRAFFICKING:
            _random_record(rng, case, perpetrators, events, smuggling)
        if rng.random() < 0.35:
            proceedings.append(_random_proceeding(rng, case))
        if case.created_by and rng.random() < 0.5:
            notes.append(
                Note(
                    case=case,
                    organization_id=case.organization_id,
                    author=case.created_by,
                    text=rng.choice(
                        [
                            "Called the family; the person is safe at home.",
                            "Accompanied to the police station for the statement.",
                            "Counselling session held; next one in two weeks.",
                            "Shelter placement confirmed.",
                        ]
                    ),
                )
            )
    CaseFacet.objects.bulk_create(facets, batch_size=2000)
    ConsentEvent.objects.bulk_create(
        [
            ConsentEvent.of_case(
                case,
                kind=ConsentEvent.Kind.GIVEN,
                by=case.consent_recorded_by,
                on=case.consent_date,
            )
            for case in cases
            if case.consent_record
        ],
        batch_size=2000,
    )
    LegalProceeding.objects.bulk_create(proceedings, batch_size=1000)
    Note.objects.bulk_create(notes, batch_size=1000)
    Perpetrator.objects.bulk_create(perpetrators, batch_size=1000)
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    SmugglingRecord.objects.bulk_create(smuggling, batch_size=1000)


def _random_record(rng, case: Case, perpetrators: list, events: list, smuggling: list) -> None:
    """A perpetrator and the recruitment event for the case; a smuggling record when smuggled."""
    row = {"case": case, "organization_id": case.organization_id, "created_by": case.created_by}
    smuggled = case.case_type != v.CaseType.TRAFFICKING
    roles = [rv.PerpetratorRole.AGENT] if smuggled else [rv.PerpetratorRole.RECRUITER]
    perpetrators.append(
        Perpetrator(**row, name=rng.choice(["Agent", "Contractor", "Kiln owner", "Neighbour"]),
                    roles=roles, relation=case.recruiter_relation,
                    sex=rng.choices([v.Sex.MALE, v.Sex.FEMALE], [80, 20])[0],
                    age_range=rng.choice(rv.AgeRange.values))
    )  # fmt: skip
    channel = rng.choices(
        [rv.Channel.IN_PERSON, rv.Channel.AGENT, rv.Channel.FACEBOOK, rv.Channel.WHATSAPP,
         rv.Channel.TIKTOK, rv.Channel.JOB_PORTAL],
        weights=[45, 25, 10, 10, 5, 5],
    )[0]  # fmt: skip
    recruited = case.intake_date - timedelta(days=rng.randint(60, 900))
    events.append(
        CaseEvent(**row, kind=rv.EventKind.RECRUITMENT, started_on=recruited.replace(day=1),
                  precision=rv.DatePrecision.MONTH, province=case.origin_province,
                  district=case.origin_district, channel=channel)
    )  # fmt: skip
    country = DESTINATION_CODES.get(case.destination_country)
    if country:
        events.append(
            CaseEvent(**row, kind=rv.EventKind.EXPLOITATION, country=country,
                      city=rng.choice(["Capital", "Port city"]),
                      started_on=recruited + timedelta(days=rng.randint(20, 120)))
        )  # fmt: skip
    if smuggled:
        fate = rng.choices(["", rv.FateInTransit.DIED, rv.FateInTransit.MISSING], [94, 2, 4])[0]
        intercepted = rng.random() < 0.4
        smuggling.append(
            SmugglingRecord(
                **row, fee_amount=rng.randrange(500_000, 4_000_000, 50_000),
                fee_paid_by=rng.choice(rv.FeePaidBy.values),
                destination_country=rng.choice(["IT", "GR", "ES", "GB"]),
                transit_countries=rng.choice([["IR", "TR"], ["AE", "LY"], ["IR", "TR", "GR"]]),
                modes=rng.choice([["air", "sea"], ["land", "sea"], ["land"]]),
                intercepted=intercepted,
                intercepted_by=rng.choice(rv.Interceptor.values) if intercepted else "",
                returned=rng.choice(["", rv.Return.DEPORTED]) if intercepted else "",
                fate=fate, family_contact_name="Family" if fate else "",
            )
        )  # fmt: skip


def _number(cases: list[Case]) -> None:
    """Give each case the next serial of its organisation's year, as open_case would."""
    by_key = defaultdict(list)
    for case in cases:
        by_key[(case.organization_id, case.year)].append(case)
    for (organization_id, year), group in by_key.items():
        counter, _ = CaseCounter.objects.select_for_update().get_or_create(
            organization_id=organization_id, year=year
        )
        highest = (
            Case.objects.with_scopes_disabled()
            .filter(organization_id=organization_id, year=year)
            .aggregate(Max("serial"))["serial__max"]
            or 0
        )
        start = max(counter.last, highest)
        for offset, case in enumerate(group, start=1):
            case.serial = start + offset
            case.number = format_case_number(case.organization, year, case.serial)
        counter.last = start + len(group)
        counter.save(update_fields=["last"])


def _random_case(rng, organization, caseworkers, today: date) -> Case:
    staff = rng.choice(caseworkers[organization.pk]) if caseworkers[organization.pk] else None
    intake = today - timedelta(days=int(rng.triangular(0, 1460, 60)))
    gender = rng.choices(
        [
            v.GenderIdentity.WOMAN,
            v.GenderIdentity.MAN,
            v.GenderIdentity.TRANSGENDER_WOMAN,
            v.GenderIdentity.KHAWAJA_SIRA,
        ],
        weights=[55, 35, 6, 4],
    )[0]
    sex = {v.GenderIdentity.WOMAN: v.Sex.FEMALE, v.GenderIdentity.MAN: v.Sex.MALE}.get(
        gender, rng.choice([v.Sex.MALE, v.Sex.INTERSEX])
    )
    name = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
    province = rng.choices(list(PROVINCE_WEIGHTS), weights=list(PROVINCE_WEIGHTS.values()))[0]
    home = rng.choice(DISTRICTS[province])
    now_in = home if rng.random() < 0.7 else rng.choice(CITY_DISTRICTS)
    scope = rng.choices([v.Scope.INTERNAL, v.Scope.TRANSNATIONAL], weights=[80, 20])[0]
    status = rng.choices(list(v.CaseStatus), weights=[25, 45, 5, 25])[0]
    consent = rng.random() < 0.9
    return Case(
        organization=organization,
        year=intake.year,
        assigned_to=staff,
        created_by=staff.user if staff else None,
        intake_date=intake,
        intake_channel=rng.choice(v.IntakeChannel.values),
        status=status,
        risk_level=rng.choices(v.RiskLevel.values, weights=[0, 30, 40, 22, 8])[0],
        summary="Synthetic demo case.",
        next_follow_up=today + timedelta(days=rng.randint(-20, 40)) if status != "closed" else None,
        consent_record=consent,
        consent_share_coalition=consent and rng.random() < 0.8,
        consent_share_law_enforcement=consent and rng.random() < 0.5,
        consent_date=intake if consent else None,
        consent_recorded_by=staff.user if consent and staff else None,
        full_name=name,
        alias=rng.choice(["", "", "", name.split()[0]]),
        sex=sex,
        gender_identity=gender,
        estimated_age=rng.choices([rng.randint(6, 17), rng.randint(18, 60)], weights=[30, 70])[0],
        cnic=f"{CNIC_DIGIT[province]}{rng.randint(1000, 9999)}-{rng.randint(1000000, 9999999)}-"
        f"{rng.randint(1, 9)}"
        if rng.random() < 0.5
        else "",
        phone=f"+923{rng.randint(0, 4)}{rng.randint(10000000, 99999999)}"
        if rng.random() < 0.6
        else "",
        origin_province=province,
        origin_district=home,
        current_district=now_in,
        trafficking_status=rng.choice(v.TraffickingStatus.values[:3]),
        case_type=rng.choices(v.CaseType.values, weights=[85, 10, 5])[0],
        scope=scope,
        destination_country=rng.choice(DESTINATIONS) if scope == v.Scope.TRANSNATIONAL else "",
        recruiter_relation=rng.choice(v.RecruiterRelation.values),
        closure_reason=rng.choice(v.ClosureReason.values) if status == "closed" else "",
        # A closed case has its closing date, as approve_closure writes it.
        closed_at=timezone.now() - timedelta(days=rng.randint(0, (today - intake).days))
        if status == "closed"
        else None,
        closed_by=staff.user if status == "closed" and staff else None,
    )


def _weighted_sample(rng, weights: dict, count: int) -> list:
    """`count` different values, each drawn with its weight."""
    left, chosen = dict(weights), []
    for _ in range(min(count, len(left))):
        value = rng.choices(list(left), weights=list(left.values()))[0]
        chosen.append(value)
        del left[value]
    return chosen


def _random_facets(rng, case: Case) -> list[CaseFacet]:
    exploitation = _weighted_sample(rng, EXPLOITATION_WEIGHTS, rng.choices([1, 2], [75, 25])[0])
    facets = [CaseFacet(case=case, facet=CaseFacet.Facet.EXPLOITATION, value=value)
              for value in exploitation]  # fmt: skip
    if v.ExploitationType.BONDED_LABOUR in exploitation:
        case.labour_industry = rng.choice(BONDED_INDUSTRIES)
    for facet, vocabulary, most in (
        (CaseFacet.Facet.MEANS_OF_CONTROL, v.MeansOfControl, 3),
        (CaseFacet.Facet.NEED, v.Need, 3),
    ):
        for value in rng.sample(vocabulary.values, rng.randint(1, most)):
            facets.append(CaseFacet(case=case, facet=facet, value=value))
    return facets


def _random_proceeding(rng, case: Case) -> LegalProceeding:
    stage = rng.choice(v.LegalStage.ORDER)
    verdict = stage == v.LegalStage.VERDICT
    return LegalProceeding(
        case=case,
        organization_id=case.organization_id,
        authority=rng.choice([v.LegalAuthority.POLICE, v.LegalAuthority.FIA]),
        fir_number="" if stage == v.LegalStage.COMPLAINT else f"{rng.randint(1, 999)}/{case.year}",
        law=v.Law.PSMA_2018 if case.case_type == v.CaseType.MIGRANT_SMUGGLING else v.Law.PTPA_2018,
        stage=stage,
        outcome=rng.choice([v.LegalOutcome.CONVICTION, v.LegalOutcome.ACQUITTAL])
        if verdict
        else v.LegalOutcome.PENDING,
        created_by=case.created_by,
    )
