"""Vocabularies of the full record: perpetrators, events, migrant smuggling, identity documents,
and the legal track's law sections and offices. Data, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PerpetratorRole(models.TextChoices):
    """HTCDS: the perpetrator's role in the trafficking process."""

    RECRUITER = "recruiter", _("Recruiter")
    TRANSPORTER = "transporter", _("Transporter")
    EXPLOITER = "exploiter", _("Exploiter")
    AGENT = "agent", _("Agent (travel or employment)")
    FACILITATOR = "facilitator", _("Facilitator")
    FAMILY_MEMBER = "family_member", _("Family member")
    OTHER = "other", _("Other")


class AgeRange(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18_TO_29 = "18_29", _("18 to 29")
    FROM_30_TO_44 = "30_44", _("30 to 44")
    FROM_45_TO_59 = "45_59", _("45 to 59")
    OVER_60 = "60_plus", _("60 or older")
    UNKNOWN = "unknown", _("Not known")


class EventKind(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSIT = "transit", _("Transit")
    EXPLOITATION = "exploitation", _("Exploitation")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month only")


class Channel(models.TextChoices):
    """How the person was reached: in person, through an agent, or a named website or app."""

    IN_PERSON = "in_person", _("In person")
    AGENT = "agent", _("Through an agent")
    FACEBOOK = "facebook", _("Facebook")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TIKTOK = "tiktok", _("TikTok")
    INSTAGRAM = "instagram", _("Instagram")
    JOB_PORTAL = "job_portal", _("Job portal")
    OTHER_WEBSITE_OR_APP = "other_online", _("Other website or app")
    PHONE = "phone_call", _("Phone call or SMS")
    UNKNOWN = "unknown", _("Not known")


ONLINE_CHANNELS = frozenset(
    {
        Channel.FACEBOOK,
        Channel.WHATSAPP,
        Channel.TIKTOK,
        Channel.INSTAGRAM,
        Channel.JOB_PORTAL,
        Channel.OTHER_WEBSITE_OR_APP,
    }
)


class TravelDocument(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    VISA = "visa", _("Visa")
    WORK_PERMIT = "work_permit", _("Work permit")
    CNIC = "cnic", _("CNIC")


class DocumentGenuineness(models.TextChoices):
    GENUINE = "genuine", _("Genuine")
    FORGED = "forged", _("Forged")
    OBTAINED_BY_FRAUD = "obtained_by_fraud", _("Genuine but obtained by fraud")
    UNKNOWN = "unknown", _("Not known")


class SexualExploitationType(models.TextChoices):
    """HTCDS: type of sexual exploitation."""

    PROSTITUTION = "prostitution", _("Prostitution")
    PORNOGRAPHY = "pornography", _("Pornography")
    ONLINE = "online", _("Online sexual exploitation")
    PRIVATE_SERVICES = "private_services", _("Private sexual services")
    OTHER = "other", _("Other")


class SmugglingMode(models.TextChoices):
    AIR = "air", _("Air")
    SEA = "sea", _("Sea")
    LAND = "land", _("Land")


class FeePaidBy(models.TextChoices):
    SELF = "self", _("The person")
    FAMILY = "family", _("Family")
    LOAN = "loan", _("A loan")
    LAND_OR_PROPERTY = "property", _("Sale or mortgage of land or property")
    OTHER = "other", _("Other")


class Interceptor(models.TextChoices):
    FIA = "fia", _("FIA")
    POLICE = "police", _("Police")
    COAST_GUARD = "coast_guard", _("Coast guard or navy")
    FOREIGN_AUTHORITY = "foreign_authority", _("Another country's authorities")
    OTHER = "other", _("Other")


class Return(models.TextChoices):
    NOT_RETURNED = "", _("Not returned")
    DEPORTED = "deported", _("Deported")
    RETURNED = "returned", _("Returned voluntarily")


class FateInTransit(models.TextChoices):
    NONE = "", _("Survived the journey")
    DIED = "died", _("Died in transit")
    MISSING = "missing", _("Missing in transit")


class IdentityDocumentType(models.TextChoices):
    CNIC = "cnic", _("CNIC")
    B_FORM = "b_form", _("B-form (child registration certificate)")
    NICOP = "nicop", _("NICOP")
    PASSPORT = "passport", _("Passport")
    POR_CARD = "por_card", _("Proof of Registration card")
    OTHER = "other", _("Other")


class Country(models.TextChoices):
    """ISO 3166-1 alpha-2 codes of the countries the coalition's cases pass through, as the
    CTDC/HTCDS export wants them; ZZ for any other."""

    PK = "PK", _("Pakistan")
    AF = "AF", _("Afghanistan")
    IR = "IR", _("Iran")
    TR = "TR", _("Turkey")
    GR = "GR", _("Greece")
    IT = "IT", _("Italy")
    LY = "LY", _("Libya")
    EG = "EG", _("Egypt")
    AE = "AE", _("United Arab Emirates")
    SA = "SA", _("Saudi Arabia")
    OM = "OM", _("Oman")
    QA = "QA", _("Qatar")
    KW = "KW", _("Kuwait")
    BH = "BH", _("Bahrain")
    IQ = "IQ", _("Iraq")
    AZ = "AZ", _("Azerbaijan")
    MY = "MY", _("Malaysia")
    TH = "TH", _("Thailand")
    CN = "CN", _("China")
    IN = "IN", _("India")
    BD = "BD", _("Bangladesh")
    GB = "GB", _("United Kingdom")
    ES = "ES", _("Spain")
    DE = "DE", _("Germany")
    FR = "FR", _("France")
    OTHER = "ZZ", _("Other country")


class BailStatus(models.TextChoices):
    NOT_ARRESTED = "not_arrested", _("Not arrested")
    IN_CUSTODY = "in_custody", _("In custody")
    BAIL_GRANTED = "granted", _("On bail")
    BAIL_REFUSED = "refused", _("Bail refused")
    BAIL_CANCELLED = "cancelled", _("Bail cancelled")
    ABSCONDING = "absconding", _("Absconding")


class AppealStatus(models.TextChoices):
    NONE = "", _("No appeal")
    PENDING = "pending", _("Appeal pending")
    UPHELD = "upheld", _("Verdict upheld on appeal")
    REDUCED = "reduced", _("Sentence reduced on appeal")
    OVERTURNED = "overturned", _("Verdict overturned on appeal")


class LawSection(models.TextChoices):
    """Sections an accused can be charged under. Labels name the section; a short description is
    given only where the section's subject is plain from its title in the statute."""

    PTPA_3 = "ptpa_3", _("PTPA 2018 s.3 (trafficking in persons)")
    PTPA_4 = "ptpa_4", _("PTPA 2018 s.4 (aggravating circumstances)")
    PTPA_5 = "ptpa_5", _("PTPA 2018 s.5")
    PTPA_6 = "ptpa_6", _("PTPA 2018 s.6")
    PSMA_3 = "psma_3", _("PSMA 2018 s.3 (smuggling of migrants)")
    PSMA_4 = "psma_4", _("PSMA 2018 s.4 (aggravating circumstances)")
    PSMA_5 = "psma_5", _("PSMA 2018 s.5")
    PSMA_6 = "psma_6", _("PSMA 2018 s.6")
    PPC_365B = "ppc_365b", _("PPC 365-B (kidnapping a woman to compel marriage)")
    PPC_366A = "ppc_366a", _("PPC 366-A (procuration of a minor girl)")
    PPC_369A = "ppc_369a", _("PPC 369-A (trafficking of human beings)")
    PPC_370 = "ppc_370", _("PPC 370 (buying or disposing of a person as a slave)")
    PPC_371A = "ppc_371a", _("PPC 371-A (selling a person for prostitution)")
    PPC_371B = "ppc_371b", _("PPC 371-B (buying a person for prostitution)")
    PPC_374 = "ppc_374", _("PPC 374 (unlawful compulsory labour)")
    BLSAA_4 = "blsaa_4", _("BLSAA 1992 s.4 (bonded labour abolished)")
    BLSAA_11 = "blsaa_11", _("BLSAA 1992 s.11 (enforcing bonded labour)")
    BLSAA_12 = "blsaa_12", _("BLSAA 1992 s.12")


# The law each section belongs to, by the prefix of its code (cases.vocabularies.Law values).
LAW_OF_SECTION_PREFIX = {
    "ptpa": "ptpa_2018",
    "psma": "psma_2018",
    "ppc": "ppc",
    "blsaa": "blsaa_1992",
}


def law_of_section(code: str) -> str:
    return LAW_OF_SECTION_PREFIX[code.split("_", 1)[0]]


# Offices a complaint is registered with, offered on the proceeding form; a police station not
# in the list is typed in.
FIA_AHT_CIRCLES = (
    _("FIA Anti-Human Trafficking Circle, Islamabad"),
    _("FIA Anti-Human Trafficking Circle, Rawalpindi"),
    _("FIA Anti-Human Trafficking Circle, Lahore"),
    _("FIA Anti-Human Trafficking Circle, Gujranwala"),
    _("FIA Anti-Human Trafficking Circle, Faisalabad"),
    _("FIA Anti-Human Trafficking Circle, Multan"),
    _("FIA Anti-Human Trafficking Circle, Karachi"),
    _("FIA Anti-Human Trafficking Circle, Peshawar"),
    _("FIA Anti-Human Trafficking Circle, Quetta"),
    _("FIA Anti-Human Trafficking Circle, Gwadar"),
)
POLICE_STATIONS = (
    _("Police station Kot Radha Kishan, Kasur"),
    _("Police station Raiwind, Lahore"),
    _("Police station Sheikhupura City"),
    _("Police station Civil Lines, Gujranwala"),
    _("Police station Saddar, Sialkot"),
    _("Police station Kotwali, Faisalabad"),
    _("Police station Cantt, Multan"),
    _("Police station Artillery Maidan, Karachi"),
    _("Police station Hyderabad City"),
    _("Police station Gulbahar, Peshawar"),
    _("Police station City, Quetta"),
    _("Police station Secretariat, Islamabad"),
)


# The case history's words for the record's changes (cases/history.py).
HISTORY_WHAT = {
    "perpetrator_added": _("Perpetrator added"),
    "perpetrator_updated": _("Perpetrator changed"),
    "perpetrator_linked": _("Perpetrator linked to another case"),
    "perpetrator_unlinked": _("Perpetrator's link to another case removed"),
    "event_added": _("Event added"),
    "event_updated": _("Event changed"),
    "smuggling_added": _("Smuggling record added"),
    "smuggling_updated": _("Smuggling record changed"),
    "identity_document_added": _("Identity document added"),
    "identity_document_updated": _("Identity document changed"),
    "accused_added": _("Accused added"),
    "accused_updated": _("Accused changed"),
    "hearing_result": _("Hearing result recorded"),
}
