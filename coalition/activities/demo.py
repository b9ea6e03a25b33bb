"""Demo data drawn from the coalition's published activities: awareness walks in six cities, the
World Day seminar, provincial dialogues with IOM and embassy partners, district sessions and
campaigns, a national conference on migrant smuggling. Every title starts with "[Demo]";
participant numbers are invented. A second run adds nothing."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from members.models import Organization, Staff
from members.roles import Role

from .models import Activity, ActivityTopic, BidInterest, FundingCall, Participation, Stakeholder
from .vocabularies import BidStatus, ParticipantGroup

DEMO = "[Demo] "

STAKEHOLDERS = [
    # name, type, province, public role
    ("IOM Pakistan", "international", "", "Counter-trafficking programme"),
    ("Embassy partners (migration desk)", "international", "", "Migration and consular affairs"),
    ("FIA Anti-Human Trafficking Circle, Lahore", "fia", "punjab", "Circle in-charge"),
    ("FIA Composite Circle, Karachi", "fia", "sindh", "Circle in-charge"),
    ("Sindh Police, Karachi", "police", "sindh", "Gender and child protection desk"),
    ("Punjab Police, Multan", "police", "punjab", "District police office"),
    ("Punjab Labour Department", "government", "punjab", "Directorate of Labour Welfare"),
    ("National Assembly Standing Committee on Interior", "parliament", "", "Committee secretariat"),
    ("District Public Prosecution, Sukkur", "judiciary", "sindh", "District public prosecutor"),
    ("Karachi Press Club", "media", "sindh", "Press club office"),
    ("University of the Punjab, Department of Criminology", "academia", "punjab", "Department"),
    ("Ulema council, Peshawar", "religious", "kpk", "Council office"),
    ("Travel agents association, Gujranwala chapter", "travel_agents", "punjab", "Chapter office"),
]

# days: a date in 2026, or an int = days from today (what the calendar shows as coming).
ACTIVITIES = [
    (
        "SSDO",
        "awareness_walk",
        "Awareness walk, Islamabad",
        date(2026, 7, 30),
        "islamabad",
        "Islamabad",
        ["trafficking"],
        [],
    ),
    (
        "LAS",
        "awareness_walk",
        "Awareness walk, Karachi",
        date(2026, 7, 30),
        "sindh",
        "Karachi South",
        ["trafficking"],
        [],
    ),
    (
        "Sanjh",
        "awareness_walk",
        "Awareness walk, Lahore",
        date(2026, 7, 30),
        "punjab",
        "Lahore",
        ["trafficking", "child_protection"],
        [],
    ),
    (
        "CIDP",
        "awareness_walk",
        "Awareness walk, Multan",
        date(2026, 7, 30),
        "punjab",
        "Multan",
        ["trafficking"],
        ["Punjab Police, Multan"],
    ),
    (
        "HWF",
        "awareness_walk",
        "Awareness walk, Sukkur",
        date(2026, 7, 31),
        "sindh",
        "Sukkur",
        ["bonded_labour"],
        [],
    ),
    (
        "YAD",
        "awareness_walk",
        "Awareness walk, Jhelum",
        date(2026, 7, 31),
        "punjab",
        "Jhelum",
        ["smuggling"],
        [],
    ),
    (
        "SSDO",
        "seminar",
        "Seminar on the World Day against Trafficking in Persons",
        date(2026, 7, 30),
        "islamabad",
        "Islamabad",
        ["trafficking", "gender"],
        ["IOM Pakistan", "National Assembly Standing Committee on Interior"],
    ),
    (
        "SSDO",
        "dialogue",
        "Provincial dialogue on trafficking and migrant smuggling, Lahore",
        date(2026, 5, 20),
        "punjab",
        "Lahore",
        ["trafficking", "smuggling"],
        [
            "IOM Pakistan",
            "Embassy partners (migration desk)",
            "FIA Anti-Human Trafficking Circle, Lahore",
        ],
    ),
    (
        "LAS",
        "dialogue",
        "Provincial dialogue on trafficking and migrant smuggling, Karachi",
        date(2026, 6, 12),
        "sindh",
        "Karachi South",
        ["trafficking", "smuggling"],
        ["IOM Pakistan", "FIA Composite Circle, Karachi", "Sindh Police, Karachi"],
    ),
    (
        "CFID",
        "dialogue",
        "Provincial dialogue on migrant smuggling, Peshawar",
        date(2026, 8, 20),
        "kpk",
        "Peshawar",
        ["smuggling"],
        ["IOM Pakistan", "Embassy partners (migration desk)"],
    ),
    (
        "Bedari",
        "awareness_session",
        "District awareness session, Sialkot",
        date(2026, 9, 15),
        "punjab",
        "Sialkot",
        ["smuggling", "gender"],
        [],
    ),
    (
        "HWF",
        "campaign",
        "Community campaign against bonded labour, Umerkot",
        date(2026, 10, 5),
        "sindh",
        "Umerkot",
        ["bonded_labour"],
        ["District Public Prosecution, Sukkur"],
    ),
    (
        "Nari",
        "coordination_meeting",
        "Coordination meeting with police and FIA, Quetta",
        date(2026, 4, 10),
        "balochistan",
        "Quetta",
        ["trafficking"],
        [],
    ),
    (
        "Sahil",
        "media_engagement",
        "Journalists' workshop on ethical reporting, Lahore",
        date(2026, 3, 18),
        "punjab",
        "Lahore",
        ["child_protection", "gender"],
        ["University of the Punjab, Department of Criminology"],
    ),
    (
        "SPARC",
        "training",
        "Training for religious leaders, Mardan",
        date(2026, 2, 25),
        "kpk",
        "Mardan",
        ["child_protection"],
        ["Ulema council, Peshawar"],
    ),
    (
        "SSDO",
        "conference",
        "National conference on migrant smuggling",
        21,
        "islamabad",
        "Islamabad",
        ["smuggling", "trafficking"],
        [
            "IOM Pakistan",
            "Embassy partners (migration desk)",
            "National Assembly Standing Committee on Interior",
        ],
    ),
    (
        "CHRS",
        "awareness_session",
        "Awareness session for travel agents, Gujranwala",
        35,
        "punjab",
        "Gujranwala",
        ["smuggling"],
        ["Travel agents association, Gujranwala chapter"],
    ),
    (
        "SSDO",
        "coordination_meeting",
        "Round-table with parliamentarians on the anti-trafficking law",
        50,
        "islamabad",
        "Islamabad",
        ["trafficking"],
        ["National Assembly Standing Committee on Interior"],
    ),
]

# The groups each kind of activity usually reaches.
GROUPS = {
    "awareness_walk": ["community", "civil_society", "media", "police"],
    "seminar": ["government", "parliament", "academia", "media", "civil_society", "survivors"],
    "dialogue": ["international", "fia", "police", "government", "judiciary", "civil_society"],
    "awareness_session": ["community", "religious", "travel_agents"],
    "campaign": ["community", "survivors", "religious"],
    "conference": ["government", "international", "fia", "academia", "media", "parliament"],
    "coordination_meeting": ["police", "fia", "government"],
    "media_engagement": ["media", "academia"],
    "training": ["religious", "community"],
}


def _recorder(organization: Organization):
    staff = (
        Staff.objects.filter(organization=organization, role=Role.SUPERVISOR)
        .select_related("user")
        .first()
        or Staff.objects.filter(organization=organization).select_related("user").first()
    )
    return staff.user if staff else None


@transaction.atomic
def create_activities(*, seed: int = 2026) -> int:
    """Add the demo stakeholders, activities and funding calls that are missing."""
    today = timezone.localdate()
    organisations = {org.short_name: org for org in Organization.objects.all()}
    secretariat = next((o for o in organisations.values() if o.is_secretariat), None)
    if secretariat is None:
        return 0
    stakeholders = {}
    for name, kind, province, role in STAKEHOLDERS:
        stakeholders[name], _created = Stakeholder.objects.get_or_create(
            name=name,
            province=province,
            defaults={"kind": kind, "public_role": role, "added_by": secretariat},
        )
    made = 0
    for index, (short, kind, title, when, province, district, topics, partners) in enumerate(
        ACTIVITIES
    ):
        organization = organisations.get(short)
        by = _recorder(organization) if organization else None
        if by is None or Activity.objects.filter(title=DEMO + title).exists():
            continue
        starts_on = today + timedelta(days=when) if isinstance(when, int) else when
        activity = Activity.objects.create(
            organization=organization,
            created_by=by,
            kind=kind,
            title=DEMO + title,
            starts_on=starts_on,
            province=province,
            district=district,
            ends_on=starts_on + timedelta(days=1) if kind == "conference" else None,
        )
        ActivityTopic.objects.bulk_create(ActivityTopic(activity=activity, topic=t) for t in topics)
        activity.partners.set([stakeholders[name] for name in partners])
        if kind in ("dialogue", "conference"):
            activity.co_organizers.set(
                [o for o in organisations.values() if o.pk != organization.pk][:3]
            )
        if starts_on <= today:
            rng = random.Random(seed + index)  # noqa: S311 -- synthetic data, not secrets
            scale = {"awareness_walk": 60, "campaign": 80}.get(kind, 15)
            Participation.objects.bulk_create(
                Participation(
                    activity=activity,
                    group=group,
                    female=rng.randint(1, scale)
                    if group != ParticipantGroup.SURVIVORS
                    else rng.randint(1, 6),
                    male=rng.randint(1, scale)
                    if group != ParticipantGroup.SURVIVORS
                    else rng.randint(0, 3),
                    transgender=rng.randint(0, 4) if group in ("community", "civil_society") else 0,
                )
                for group in GROUPS[kind]
            )
        made += 1
    _create_calls(organisations, today)
    return made


def _create_calls(organisations: dict, today: date) -> None:
    calls = [
        (
            "Example Foundation",
            "Safe migration in Punjab",
            10,
            BidStatus.PREPARING,
            ["LAS", "Sahil", "YAD"],
            "LAS",
        ),
        ("Example Trust", "Ending bonded labour in Sindh", 40, BidStatus.OPEN, ["HWF"], None),
    ]
    for donor, title, days, status, bidders, lead in calls:
        if FundingCall.objects.filter(title=DEMO + title).exists():
            continue
        members = [organisations[s] for s in bidders if s in organisations]
        if not members:
            continue
        call = FundingCall.objects.create(
            donor=donor,
            title=DEMO + title,
            deadline=today + timedelta(days=days),
            theme="Trafficking in persons",
            posted_by=members[0],
            status=status,
            lead=organisations.get(lead) if lead else None,
        )
        BidInterest.objects.bulk_create(BidInterest(call=call, organization=m) for m in members)
