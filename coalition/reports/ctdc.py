"""The coalition's cases as a CTDC / HTCDS 2.0 de-identified dataset: one row per victim.

Columns follow the Counter Trafficking Data Collaborative's public dataset; no name, CNIC, phone,
case number, date or free text goes in. Ages are in the standard's bands. Before a file is made
the rows are made k-anonymous over the quasi-identifiers (anonymity.py), and the counts of what
was blanked or dropped go on screen and into the access log.

Cases assessed as not trafficking, and pure migrant-smuggling cases, are not victims of
trafficking and are left out.

The mapping follows IOM's Human Trafficking Case Data Standard (HTCDS) 2.0 field reference and
the CTDC global dataset's codebook. Neither can be fetched from here: the column names below are
the ones published in the CTDC global synthetic dataset as we know them, written from that
knowledge and not checked against the reference document line by line. Where HTCDS 2.0 records a
field that the CTDC columns do not carry (the recruitment channel, the perpetrators' roles), the
column is named in the same style (`recruitmentChannel`, `perpetratorRole...`) and is ours.
Exploitation country comes as an ISO 3166-1 alpha-2 code from the exploitation events; only a case
recorded before events existed falls back to the old guess from the destination's name.
"""

import csv
import io
from collections import defaultdict
from operator import itemgetter

from django.conf import settings

from cases import record_vocabularies as rv
from cases import vocabularies as v
from cases.models import CaseEvent, CaseFacet, Perpetrator
from coalition.spreadsheets import neutralise

from . import sql
from .anonymity import Anonymised, Step, anonymise
from .scope import Period, ReportScope, cases_of

DATASOURCE = "Case Management"
YES, NO = 1, 0

AGE_BROAD = {band.value: band.value.replace("-", "--") for band in v.AgeBand if band != "unknown"}
MINOR_BANDS = {band.value for band in sql.CHILD_BANDS}

MEANS_OF_CONTROL = {
    "meansOfControlDebtBondage": {v.MeansOfControl.DEBT_BONDAGE},
    "meansOfControlTakesEarnings": {v.MeansOfControl.TAKES_EARNINGS},
    "meansOfControlThreats": {v.MeansOfControl.THREATS, v.MeansOfControl.THREATS_TO_FAMILY},
    "meansOfControlPsychologicalAbuse": {v.MeansOfControl.PSYCHOLOGICAL_ABUSE},
    "meansOfControlPhysicalAbuse": {v.MeansOfControl.PHYSICAL_ABUSE},
    "meansOfControlSexualAbuse": {v.MeansOfControl.SEXUAL_ABUSE},
    "meansOfControlFalsePromises": {v.MeansOfControl.FALSE_PROMISES},
    "meansOfControlPsychoactiveSubstances": {v.MeansOfControl.SUBSTANCES},
    "meansOfControlRestrictsMovement": {v.MeansOfControl.RESTRICTED_MOVEMENT},
    "meansOfControlExcessiveWorkingHours": {v.MeansOfControl.EXCESSIVE_HOURS},
    "meansOfControlWithholdsNecessities": {v.MeansOfControl.WITHHOLDS_NECESSITIES},
    "meansOfControlWithholdsDocuments": {v.MeansOfControl.DOCUMENTS_WITHHELD},
    "meansOfControlRestrictsFinancialAccess": {v.MeansOfControl.RESTRICTS_FINANCIAL_ACCESS},
    "meansOfControlRestrictsMedicalCare": {v.MeansOfControl.RESTRICTS_MEDICAL_CARE},
    "meansOfControlUsesChildren": {v.MeansOfControl.USES_CHILDREN},
    "meansOfControlThreatOfLawEnforcement": {v.MeansOfControl.THREAT_OF_LAW_ENFORCEMENT},
    "meansOfControlOther": {v.MeansOfControl.OTHER},
}
E = v.ExploitationType
LABOUR = {E.FORCED_LABOUR, E.BONDED_LABOUR, E.DOMESTIC_SERVITUDE, E.FORCED_BEGGING}
EXPLOITATION_FLAGS = {
    "isForcedLabour": LABOUR,
    "isSexualExploit": {E.SEXUAL},
    "isForcedMarriage": {E.FORCED_MARRIAGE},
    "isForcedMilitary": {E.CHILD_SOLDIERING},
    "isOrganRemoval": {E.ORGAN_REMOVAL},
    "isOtherExploit": {E.CRIMINAL_ACTIVITY, E.OTHER},
}
EXPLOITATION_NAMES = {
    "isForcedLabour": "Forced labour",
    "isSexualExploit": "Sexual exploitation",
    "isForcedMarriage": "Forced marriage",
    "isForcedMilitary": "Forced military",
    "isOrganRemoval": "Organ removal",
    "isOtherExploit": "Other",
}
L = v.LabourIndustry
TYPE_OF_LABOUR = {
    "typeOfLabourAgriculture": {L.AGRICULTURE},
    "typeOfLabourConstruction": {L.CONSTRUCTION},
    "typeOfLabourDomesticWork": {L.DOMESTIC_WORK},
    "typeOfLabourHospitality": {L.HOSPITALITY},
    "typeOfLabourManufacturing": {L.MANUFACTURING, L.BRICK_KILN},
    "typeOfLabourMiningOrDrilling": {L.MINING},
    "typeOfLabourAquafarming": {L.FISHING},
    "typeOfLabourBegging": {L.BEGGING},
    "typeOfLabourIllicitActivities": {L.ILLICIT_ACTIVITIES},
    "typeOfLabourPeddling": {L.PEDDLING},
    "typeOfLabourTransportation": {L.TRANSPORTATION},
    "typeOfLabourOther": {L.OTHER},
}
SX = rv.SexualExploitationType
TYPE_OF_SEX = {
    "typeOfSexProstitution": ({SX.PROSTITUTION}, "Prostitution"),
    "typeOfSexPornography": ({SX.PORNOGRAPHY}, "Pornography"),
    "typeOfSexRemoteInteractiveServices": ({SX.ONLINE}, "Remote interactive services"),
    "typeOfSexPrivateSexualServices": ({SX.PRIVATE_SERVICES}, "Private sexual services"),
}
C = rv.Channel
# HTCDS's recruitment channel, coarsened to what cannot single a person out: a named app would.
RECRUITMENT_CHANNEL = {
    C.IN_PERSON: "In person",
    C.PHONE: "In person",
    C.AGENT: "Agent",
    **dict.fromkeys(rv.ONLINE_CHANNELS, "Online"),
}
PERPETRATOR_ROLES = {
    "perpetratorRoleRecruiter": rv.PerpetratorRole.RECRUITER,
    "perpetratorRoleTransporter": rv.PerpetratorRole.TRANSPORTER,
    "perpetratorRoleExploiter": rv.PerpetratorRole.EXPLOITER,
    "perpetratorRoleAgent": rv.PerpetratorRole.AGENT,
    "perpetratorRoleFacilitator": rv.PerpetratorRole.FACILITATOR,
    "perpetratorRoleFamilyMember": rv.PerpetratorRole.FAMILY_MEMBER,
}
R = v.RecruiterRelation
RECRUITER_RELATIONSHIP = {
    R.INTIMATE_PARTNER: "Intimate Partner",
    R.FRIEND: "Friend",
    R.FAMILY: "Family",
    R.EMPLOYER: "Other",
    R.AGENT: "Other",
    R.STRANGER: "Other",
    R.OTHER: "Other",
}
RECRUITER_FLAGS = {
    "recruiterRelationIntimatePartner": "Intimate Partner",
    "recruiterRelationFriend": "Friend",
    "recruiterRelationFamily": "Family",
    "recruiterRelationOther": "Other",
    "recruiterRelationUnknown": "Unknown",
}
# ISO 3166-1 alpha-2 for the nationalities and destinations the members meet; anything else
# is left blank (a rare country would single a person out).
COUNTRIES = {
    "pakistan": "PK", "pakistani": "PK", "afghanistan": "AF", "afghan": "AF",
    "bangladesh": "BD", "bangladeshi": "BD", "india": "IN", "indian": "IN", "iran": "IR",
    "iranian": "IR", "nepal": "NP", "nepali": "NP", "myanmar": "MM", "burmese": "MM",
    "rohingya": "MM", "china": "CN", "chinese": "CN", "sri lanka": "LK", "sri lankan": "LK",
    "saudi arabia": "SA", "united arab emirates": "AE", "uae": "AE", "oman": "OM",
    "qatar": "QA", "kuwait": "KW", "bahrain": "BH", "türkiye": "TR", "turkey": "TR",
    "malaysia": "MY", "greece": "GR", "italy": "IT", "united kingdom": "GB", "libya": "LY",
}  # fmt: skip
GENDER = {
    v.GenderIdentity.WOMAN: "Female",
    v.GenderIdentity.MAN: "Male",
    **dict.fromkeys(v.GenderIdentity.transgender(), "Transgender"),
}
GENDER_FROM_SEX = {v.Sex.FEMALE: "Female", v.Sex.MALE: "Male"}

COLUMNS = [
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    *MEANS_OF_CONTROL,
    "meansOfControlNotSpecified",
    *EXPLOITATION_FLAGS,
    "isSexAndLabour",
    "typeOfExploitConcatenated",
    *TYPE_OF_LABOUR,
    "typeOfLabourNotSpecified",
    *TYPE_OF_SEX,
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    *RECRUITER_FLAGS,
    "recruitmentChannel",
    *PERPETRATOR_ROLES,
    "CountryOfExploitation",
    "province",
]
SEX_COLUMNS = (*TYPE_OF_SEX, "typeOfSexConcatenated")
EXPLOITATION_COLUMNS = (
    *EXPLOITATION_FLAGS,
    "isSexAndLabour",
    "typeOfExploitConcatenated",
)
# The quasi-identifiers, in the order they are blanked: the coarsest loss of use first.
QUASI_IDENTIFIERS = [
    Step("province", ("province",)),
    Step("age band", ("ageBroad",)),
    Step("country of exploitation", ("CountryOfExploitation",)),
    Step("recruitment channel", ("recruitmentChannel",)),
    Step("citizenship", ("citizenship",)),
    Step(
        "exploitation type",
        EXPLOITATION_COLUMNS,
        (*TYPE_OF_LABOUR, "typeOfLabourNotSpecified", *SEX_COLUMNS),
    ),
    Step("majority status", ("majorityStatus",)),
    Step("gender", ("gender",)),
    Step("year", ("yearOfRegistration",)),
]

CASE_FIELDS = [
    "pk", "intake_date", "sex", "gender_identity", "age_band", "nationality", "scope",
    "destination_country", "labour_industry", "recruitment_method", "recruiter_relation",
    "origin_province",
]  # fmt: skip


def victims(period: Period):
    return (
        cases_of(ReportScope(None), period)
        .exclude(trafficking_status=v.TraffickingStatus.NOT_A_VICTIM)
        .exclude(case_type=v.CaseType.MIGRANT_SMUGGLING)
    )


def dataset(period: Period) -> Anonymised:
    """The rows of the dataset for people identified in the period, made k-anonymous."""
    cases = victims(period)
    facets = defaultdict(lambda: defaultdict(set))
    for case_id, facet, value in (
        CaseFacet.objects.with_scopes_disabled()
        .filter(
            case__in=cases.values("pk"),
            facet__in=[CaseFacet.Facet.EXPLOITATION, CaseFacet.Facet.MEANS_OF_CONTROL],
        )
        .values_list("case_id", "facet", "value")
        .iterator(chunk_size=5000)
    ):
        facets[case_id][facet].add(value)
    record = _record_of(cases)
    rows = [
        _row(case, facets[case["pk"]], record[case["pk"]])
        for case in sql.with_age_band(cases).values(*CASE_FIELDS).iterator(chunk_size=5000)
    ]
    return anonymise(rows, QUASI_IDENTIFIERS, settings.SMALL_CELL_THRESHOLD)


def _record_of(cases) -> dict:
    """Per case: the exploitation countries (latest first), the kinds of sexual exploitation,
    the recruitment channels, and the perpetrators' roles."""
    record = defaultdict(lambda: {"countries": [], "sex": set(), "channels": set(), "roles": set()})
    for case_id, kind, country, sexual, channel in (
        CaseEvent.objects.with_scopes_disabled()
        .filter(case__in=cases.values("pk"))
        .order_by("case_id", "-started_on", "-id")
        .values_list("case_id", "kind", "country", "sexual_exploitation", "channel")
        .iterator(chunk_size=5000)
    ):
        if kind == rv.EventKind.EXPLOITATION:
            record[case_id]["countries"].append(country)
            if sexual:
                record[case_id]["sex"].add(sexual)
        elif kind == rv.EventKind.RECRUITMENT and channel in RECRUITMENT_CHANNEL:
            record[case_id]["channels"].add(RECRUITMENT_CHANNEL[channel])
    for case_id, roles in (
        Perpetrator.objects.with_scopes_disabled()
        .filter(case__in=cases.values("pk"))
        .values_list("case_id", "roles")
        .iterator(chunk_size=5000)
    ):
        record[case_id]["roles"].update(roles)
    return record


# The columns of 1, 0 or blank; only the others hold text, which could start like a formula.
FLAG_COLUMNS = {
    *MEANS_OF_CONTROL, "meansOfControlNotSpecified", *EXPLOITATION_FLAGS, "isSexAndLabour",
    *TYPE_OF_LABOUR, "typeOfLabourNotSpecified", *TYPE_OF_SEX, "isAbduction", *RECRUITER_FLAGS,
    *PERPETRATOR_ROLES,
}  # fmt: skip
TEXT_POSITIONS = [i for i, column in enumerate(COLUMNS) if column not in FLAG_COLUMNS]


def as_csv(result: Anonymised) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    values_of = itemgetter(*COLUMNS)
    for row in result.rows:
        values = list(values_of(row))
        for i in TEXT_POSITIONS:
            values[i] = neutralise(values[i])
        writer.writerow(values)
    return buffer.getvalue().encode("utf-8")


def _flag(condition: bool) -> int:
    return YES if condition else NO


def _row(case: dict, facets: dict, record: dict) -> dict:
    band = case["age_band"]
    exploitation = facets.get(CaseFacet.Facet.EXPLOITATION, set())
    control = facets.get(CaseFacet.Facet.MEANS_OF_CONTROL, set())
    row = {
        "yearOfRegistration": case["intake_date"].year,
        "Datasource": DATASOURCE,
        "gender": GENDER.get(case["gender_identity"])
        or (
            GENDER_FROM_SEX.get(case["sex"], "Unknown")
            if case["gender_identity"] == v.GenderIdentity.UNKNOWN
            else "Unknown"
        ),
        "ageBroad": AGE_BROAD.get(band, ""),
        "majorityStatus": ("Minor" if band in MINOR_BANDS else "Adult")
        if band in AGE_BROAD
        else "",
        "citizenship": _country(case["nationality"]),
        "province": case["origin_province"],
        **_means_of_control(control),
        **_exploitation(exploitation, case["labour_industry"]),
        **_sexual_exploitation(exploitation, record["sex"]),
        **_recruitment(case),
        "recruitmentChannel": _one_or_blank(record["channels"]),
        **_perpetrator_roles(record["roles"]),
    }
    countries = [code for code in record["countries"] if code != rv.Country.OTHER]
    if countries:
        row["CountryOfExploitation"] = countries[0]
    elif record["countries"]:
        row["CountryOfExploitation"] = ""  # a country outside the list would single a person out
    elif case["scope"] == v.Scope.INTERNAL:
        row["CountryOfExploitation"] = "PK"
    elif case["scope"] == v.Scope.TRANSNATIONAL:
        row["CountryOfExploitation"] = _country(case["destination_country"])
    else:
        row["CountryOfExploitation"] = ""
    return row


def _country(name: str) -> str:
    return COUNTRIES.get((name or "").strip().lower(), "")


def _means_of_control(control: set) -> dict:
    flags = {column: _flag(values & control) for column, values in MEANS_OF_CONTROL.items()}
    flags["meansOfControlNotSpecified"] = _flag(not control)
    return flags


def _exploitation(exploitation: set, industry: str) -> dict:
    if not exploitation:
        return dict.fromkeys([*EXPLOITATION_COLUMNS, *TYPE_OF_LABOUR,
                              "typeOfLabourNotSpecified"], "")  # fmt: skip
    flags = {column: _flag(values & exploitation) for column, values in EXPLOITATION_FLAGS.items()}
    flags["isSexAndLabour"] = _flag(flags["isForcedLabour"] and flags["isSexualExploit"])
    flags["typeOfExploitConcatenated"] = ";".join(
        name for column, name in EXPLOITATION_NAMES.items() if flags[column]
    )
    labour = set()
    if flags["isForcedLabour"]:
        labour = {industry} if industry else set()
        labour |= {L.DOMESTIC_WORK} if E.DOMESTIC_SERVITUDE in exploitation else set()
        labour |= {L.BEGGING} if E.FORCED_BEGGING in exploitation else set()
    for column, values in TYPE_OF_LABOUR.items():
        flags[column] = _flag(values & labour) if flags["isForcedLabour"] else ""
    flags["typeOfLabourNotSpecified"] = _flag(not labour) if flags["isForcedLabour"] else ""
    return flags


def _one_or_blank(values: set) -> str:
    """Several values, or none recorded: not specified (a combination would be rare)."""
    return next(iter(values)) if len(values) == 1 else ""


def _perpetrator_roles(roles: set) -> dict:
    if not roles:  # no perpetrator recorded: not known, not "no"
        return dict.fromkeys(PERPETRATOR_ROLES, "")
    return {column: _flag(role in roles) for column, role in PERPETRATOR_ROLES.items()}


def _sexual_exploitation(exploitation: set, kinds: set) -> dict:
    if E.SEXUAL not in exploitation:
        return dict.fromkeys(SEX_COLUMNS, "")
    flags = {column: _flag(values & kinds) for column, (values, _name) in TYPE_OF_SEX.items()}
    flags["typeOfSexConcatenated"] = ";".join(
        name for column, (_values, name) in TYPE_OF_SEX.items() if flags[column]
    )
    return flags


def _recruitment(case: dict) -> dict:
    method = case["recruitment_method"]
    relation = RECRUITER_RELATIONSHIP.get(case["recruiter_relation"], "Unknown")
    return {
        "isAbduction": ""
        if method in ("", v.RecruitmentMethod.UNKNOWN)
        else _flag(method == v.RecruitmentMethod.ABDUCTION),
        "RecruiterRelationship": relation,
        **{column: _flag(relation == value) for column, value in RECRUITER_FLAGS.items()},
    }
