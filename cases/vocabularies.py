"""The controlled vocabularies of a case, translated.

They follow the CTDC data standard (Counter Trafficking Data Collaborative) where it has a term, and
Pakistan's laws where it does not: the Prevention of Trafficking in Persons Act 2018 (PTPA), the
Prevention of Smuggling of Migrants Act 2018 (PSMA), and the Bonded Labour System (Abolition) Act
1992 with its provincial successors. Stored values are stable English slugs; labels are translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IntakeChannel(models.TextChoices):
    HELPLINE = "helpline", _("Helpline call")
    WALK_IN = "walk_in", _("Walk-in")
    OUTREACH = "outreach", _("Outreach or field visit")
    POLICE = "police", _("Police referral")
    FIA = "fia", _("FIA referral")
    COURT = "court", _("Court referral")
    MEMBER_REFERRAL = "member_referral", _("Referral from a coalition member")
    OTHER_NGO = "other_ngo", _("Another organisation")
    GOVERNMENT = "government", _("Government department")
    SELF_PHONE = "self_phone", _("Phone or message from the person")
    FAMILY = "family", _("Family or community")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTIVE = "active", _("Active")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    CLOSED = "closed", _("Closed")


class RiskLevel(models.TextChoices):
    """In increasing order: lists sort by this order, highest first. A new intake is "not
    assessed yet" until someone assesses it: no preset level makes it look assessed."""

    NOT_ASSESSED = "not_assessed", _("Not assessed yet")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Sex(models.TextChoices):
    # Not asked yet at intake; counted with "not known" in the reports.
    NOT_ASSESSED = "not_assessed", _("Not asked yet")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    INTERSEX = "intersex", _("Intersex")
    UNKNOWN = "unknown", _("Not known")


# What the reports count a value as: a sex not asked yet is not known.
REPORTED_AS = {"sex": {Sex.NOT_ASSESSED: Sex.UNKNOWN}}


def reported_values(field: str, values) -> list[str]:
    """The values a report shows rows for: those not counted as another."""
    return [value for value in values if value not in REPORTED_AS.get(field, {})]


def counted_in(field: str, value: str) -> list[str]:
    """The stored values a report's row for `value` counts."""
    folded = [stored for stored, as_ in REPORTED_AS.get(field, {}).items() if as_ == value]
    return [value, *folded]


class GenderIdentity(models.TextChoices):
    """Transgender Persons (Protection of Rights) Act 2018 recognises self-perceived identity."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    TRANSGENDER_WOMAN = "transgender_woman", _("Transgender woman")
    TRANSGENDER_MAN = "transgender_man", _("Transgender man")
    KHAWAJA_SIRA = "khawaja_sira", _("Khawaja sira")
    NON_BINARY = "non_binary", _("Non-binary")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known or not disclosed")

    @classmethod
    def transgender(cls) -> list[str]:
        return [cls.TRANSGENDER_WOMAN, cls.TRANSGENDER_MAN, cls.KHAWAJA_SIRA, cls.NON_BINARY]


class TraffickingStatus(models.TextChoices):
    """CTDC's identification status."""

    POSSIBLE = "possible", _("Possible victim (being assessed)")
    PRESUMED = "presumed", _("Presumed victim")
    CONFIRMED = "confirmed", _("Confirmed victim")
    NOT_A_VICTIM = "not_a_victim", _("Assessed: not a victim of trafficking")


class DecidedBy(models.TextChoices):
    ORGANISATION = "organisation", _("Our organisation")
    POLICE = "police", _("Police")
    FIA = "fia", _("FIA")
    COURT = "court", _("Court")
    OTHER = "other", _("Other")


class CaseType(models.TextChoices):
    TRAFFICKING = "trafficking", _("Trafficking in persons")
    MIGRANT_SMUGGLING = "migrant_smuggling", _("Migrant smuggling")
    BOTH = "both", _("Trafficking and smuggling")


class Scope(models.TextChoices):
    INTERNAL = "internal", _("Within Pakistan")
    TRANSNATIONAL = "transnational", _("Across borders")


class ExploitationType(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    BONDED_LABOUR = "bonded_labour", _("Bonded labour")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Domestic servitude")
    FORCED_MARRIAGE = "forced_marriage", _("Forced or child marriage")
    FORCED_BEGGING = "forced_begging", _("Forced begging")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    CRIMINAL_ACTIVITY = "criminal_activity", _("Forced criminal activity")
    CHILD_SOLDIERING = "armed_groups", _("Recruitment into armed groups")
    OTHER = "other", _("Other")


class LabourIndustry(models.TextChoices):
    BRICK_KILN = "brick_kiln", _("Brick kiln")
    AGRICULTURE = "agriculture", _("Agriculture")
    DOMESTIC_WORK = "domestic_work", _("Domestic work")
    CONSTRUCTION = "construction", _("Construction")
    MANUFACTURING = "manufacturing", _("Manufacturing and workshops")
    FISHING = "fishing", _("Fishing")
    MINING = "mining", _("Mining")
    HOSPITALITY = "hospitality", _("Hotels and restaurants")
    BEGGING = "begging", _("Begging")
    ILLICIT_ACTIVITIES = "illicit_activities", _("Illicit activities")
    PEDDLING = "peddling", _("Peddling and street vending")
    TRANSPORTATION = "transportation", _("Transportation")
    OTHER = "other", _("Other")


class MeansOfControl(models.TextChoices):
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    TAKES_EARNINGS = "takes_earnings", _("Takes earnings")
    THREATS = "threats", _("Threats")
    PHYSICAL_ABUSE = "physical_abuse", _("Physical abuse")
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse")
    PSYCHOLOGICAL_ABUSE = "psychological_abuse", _("Psychological abuse")
    FALSE_PROMISES = "false_promises", _("False promises")
    RESTRICTED_MOVEMENT = "restricted_movement", _("Restricts movement")
    DOCUMENTS_WITHHELD = "documents_withheld", _("Withholds documents")
    THREATS_TO_FAMILY = "threats_to_family", _("Threats to family")
    SUBSTANCES = "substances", _("Gives drugs or alcohol")
    EXCESSIVE_HOURS = "excessive_hours", _("Excessive working hours")
    WITHHOLDS_NECESSITIES = "withholds_necessities", _("Withholds food, sleep or medical care")
    RESTRICTS_FINANCIAL_ACCESS = "restricts_financial_access", _("Restricts access to money")
    RESTRICTS_MEDICAL_CARE = "restricts_medical_care", _("Restricts medical care")
    USES_CHILDREN = "uses_children", _("Uses the person's children")
    THREAT_OF_LAW_ENFORCEMENT = (
        "threat_of_law_enforcement",
        _("Threatens with police or deportation"),
    )
    OTHER = "other", _("Other")


class RecruitmentMethod(models.TextChoices):
    JOB_OFFER = "job_offer", _("Offer of work")
    MARRIAGE = "marriage", _("Marriage or marriage proposal")
    ADVANCE = "advance", _("Advance or loan (peshgi)")
    ABDUCTION = "abduction", _("Abduction")
    SOLD_BY_FAMILY = "sold_by_family", _("Given or sold by family")
    ONLINE = "online", _("Online contact")
    TRAVEL_ABROAD = "travel_abroad", _("Offer to travel abroad")
    EDUCATION = "education", _("Offer of education")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class RecruiterRelation(models.TextChoices):
    """CTDC's relation of the recruiter to the victim."""

    FAMILY = "family", _("Family member or relative")
    INTIMATE_PARTNER = "intimate_partner", _("Spouse or intimate partner")
    FRIEND = "friend", _("Friend or acquaintance")
    EMPLOYER = "employer", _("Employer or kiln owner")
    AGENT = "agent", _("Agent or recruiter")
    STRANGER = "stranger", _("Stranger")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Need(models.TextChoices):
    LEGAL_AID = "legal_aid", _("Legal aid")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical care")
    LIVELIHOOD = "livelihood", _("Livelihood and skills")
    REPATRIATION = "repatriation", _("Repatriation or return home")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    DOCUMENTATION = "documentation", _("Identity documents (CNIC, B-form)")
    FINANCIAL = "financial", _("Financial support")
    EDUCATION = "education", _("Education")
    FAMILY_TRACING = "family_tracing", _("Family tracing and reunification")
    OTHER = "other", _("Other")


class LegalStage(models.TextChoices):
    """The stages of a criminal case in Pakistan, in the order a case moves through them."""

    COMPLAINT = "complaint", _("Complaint")
    FIR = "fir", _("FIR registered")
    INVESTIGATION = "investigation", _("Investigation")
    CHALLAN = "challan", _("Challan submitted")
    TRIAL = "trial", _("Trial")
    VERDICT = "verdict", _("Verdict")


# Defined after the class: a list attribute inside a TextChoices body would become a member.
LegalStage.ORDER = [stage.value for stage in LegalStage]


class LegalAuthority(models.TextChoices):
    POLICE = "police", _("Provincial police")
    FIA = "fia", _("FIA")
    LABOUR_DEPARTMENT = "labour_department", _("Labour department or district vigilance committee")
    OTHER = "other", _("Other")


class Law(models.TextChoices):
    PTPA_2018 = "ptpa_2018", _("Prevention of Trafficking in Persons Act 2018")
    PSMA_2018 = "psma_2018", _("Prevention of Smuggling of Migrants Act 2018")
    BLSAA_1992 = "blsaa_1992", _("Bonded Labour System (Abolition) Act 1992")
    PROVINCIAL_BONDED_LABOUR = (
        "provincial_bonded_labour",
        _("Provincial bonded labour abolition act"),
    )
    PPC = "ppc", _("Pakistan Penal Code")
    CHILD_PROTECTION = "child_protection", _("Provincial child protection law")
    OTHER = "other", _("Other")


class LegalOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONVICTION = "conviction", _("Conviction")
    ACQUITTAL = "acquittal", _("Acquittal")
    COMPROMISE = "compromise", _("Compromise or withdrawn by complainant")
    DISMISSED = "dismissed", _("Dismissed or quashed")
    OTHER = "other", _("Other")


class NoteKind(models.TextChoices):
    NOTE = "note", _("Note")
    CALL = "call", _("Phone call")
    VISIT = "visit", _("Visit")
    MEETING = "meeting", _("Meeting")
    COURT = "court", _("Court attendance")


class DocumentType(models.TextChoices):
    CONSENT_FORM = "consent_form", _("Consent form")
    FIR_COPY = "fir_copy", _("Copy of FIR")
    MEDICAL_REPORT = "medical_report", _("Medical report")
    IDENTITY = "identity", _("Identity document")
    STATEMENT = "statement", _("Statement")
    COURT_ORDER = "court_order", _("Court order")
    PHOTO = "photo", _("Photograph")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    SERVICES_COMPLETED = "services_completed", _("Services completed")
    REINTEGRATED = "reintegrated", _("Reintegrated with family or community")
    REPATRIATED = "repatriated", _("Repatriated")
    LEGAL_CONCLUDED = "legal_concluded", _("Legal case concluded")
    REFERRED_OUT = "referred_out", _("Referred to another organisation for all services")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    NOT_TRAFFICKING = "not_trafficking", _("Not a trafficking case")
    DECEASED = "deceased", _("Deceased")
    DUPLICATE = "duplicate", _("Duplicate record")
    OTHER = "other", _("Other")


class AgeBand(models.TextChoices):
    """CTDC's public age bands."""

    AGE_0_8 = "0-8", "0-8"
    AGE_9_17 = "9-17", "9-17"
    AGE_18_20 = "18-20", "18-20"
    AGE_21_23 = "21-23", "21-23"
    AGE_24_26 = "24-26", "24-26"
    AGE_27_29 = "27-29", "27-29"
    AGE_30_38 = "30-38", "30-38"
    AGE_39_47 = "39-47", "39-47"
    AGE_48_PLUS = "48+", "48+"
    UNKNOWN = "unknown", _("Not known")


_AGE_BAND_FLOORS = [
    (48, AgeBand.AGE_48_PLUS),
    (39, AgeBand.AGE_39_47),
    (30, AgeBand.AGE_30_38),
    (27, AgeBand.AGE_27_29),
    (24, AgeBand.AGE_24_26),
    (21, AgeBand.AGE_21_23),
    (18, AgeBand.AGE_18_20),
    (9, AgeBand.AGE_9_17),
    (0, AgeBand.AGE_0_8),
]

ADULT_AGE = 18


def age_band(age: int | None) -> str:
    if age is None or age < 0:
        return AgeBand.UNKNOWN
    return next(band for floor, band in _AGE_BAND_FLOORS if age >= floor)


def is_child(age: int | None) -> bool:
    return age is not None and 0 <= age < ADULT_AGE


class ErasureReason(models.TextChoices):
    """Why a case's identifying details were erased. A code, never free text: a note here would
    be the one place left to write what was erased."""

    PERSON_ASKED = "person_asked", _("The person asked for their details to be erased")
    NO_CONSENT_TO_RECORD = (
        "no_consent_to_record",
        _("The person does not or no longer consents to the case being recorded"),
    )
    RECORDED_IN_ERROR = "recorded_in_error", _("The details were recorded in error")
    SAFETY = "safety", _("Keeping the details puts the person at risk")
    RETENTION = "retention", _("The retention period after closure ended")


# What a supervisor may choose; retention is the nightly job's alone.
ERASURE_REASONS_ON_REQUEST = [
    (code, label) for code, label in ErasureReason.choices if code != ErasureReason.RETENTION
]


def labels(vocabulary, values) -> list[str]:
    return [vocabulary(value).label for value in values if value in vocabulary.values]


def section_tags(case) -> dict[str, list[str]]:
    """The tags the case page's exploitation and needs sections show, by label."""
    return {
        "exploitation_labels": labels(ExploitationType, case.exploitation_types),
        "control_labels": labels(MeansOfControl, case.means_of_control),
        "need_labels": labels(Need, case.needs),
    }
