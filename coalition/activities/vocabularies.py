"""The fixed lists activities are described with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    AWARENESS_WALK = "awareness_walk", _("Awareness walk")
    SEMINAR = "seminar", _("Seminar")
    DIALOGUE = "dialogue", _("Dialogue")
    AWARENESS_SESSION = "awareness_session", _("Awareness session")
    TRAINING = "training", _("Training")
    CAMPAIGN = "campaign", _("Campaign")
    CONFERENCE = "conference", _("Conference")
    COORDINATION_MEETING = "coordination_meeting", _("Coordination meeting")
    MEDIA_ENGAGEMENT = "media_engagement", _("Media engagement")


class Topic(models.TextChoices):
    TRAFFICKING = "trafficking", _("Trafficking in persons")
    SMUGGLING = "smuggling", _("Migrant smuggling")
    BONDED_LABOUR = "bonded_labour", _("Bonded labour")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    GENDER = "gender", _("Gender")


class InstitutionType(models.TextChoices):
    """The kinds of institution the coalition works with (the stakeholder register)."""

    PARLIAMENT = "parliament", _("Parliamentarians")
    POLICE = "police", _("Police")
    FIA = "fia", _("FIA")
    GOVERNMENT = "government", _("Government departments")
    JUDICIARY = "judiciary", _("Judiciary and prosecution")
    MEDIA = "media", _("Media")
    ACADEMIA = "academia", _("Academia")
    RELIGIOUS = "religious", _("Religious leaders")
    TRAVEL_AGENTS = "travel_agents", _("Travel agents")
    INTERNATIONAL = "international", _("International organisations and embassies")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class ParticipantGroup(models.TextChoices):
    """Who took part in an activity: the institutions above, community members and survivors."""

    PARLIAMENT = "parliament", _("Parliamentarians")
    POLICE = "police", _("Police")
    FIA = "fia", _("FIA")
    GOVERNMENT = "government", _("Government departments")
    JUDICIARY = "judiciary", _("Judiciary and prosecution")
    MEDIA = "media", _("Media")
    ACADEMIA = "academia", _("Academia")
    RELIGIOUS = "religious", _("Religious leaders")
    TRAVEL_AGENTS = "travel_agents", _("Travel agents")
    INTERNATIONAL = "international", _("International organisations and embassies")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    COMMUNITY = "community", _("Community members")
    SURVIVORS = "survivors", _("Survivors")


# Survivors are the one group whose small counts are hidden in what the secretariat publishes.
SURVIVORS = ParticipantGroup.SURVIVORS

# The sexes participants are counted by, as (field name, label).
SEXES = (
    ("female", _("Women and girls")),
    ("male", _("Men and boys")),
    ("transgender", _("Transgender persons")),
)


class FileKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    ATTENDANCE = "attendance", _("Attendance sheet")
    MINUTES = "minutes", _("Minutes")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class BidStatus(models.TextChoices):
    OPEN = "open", _("Open: members may join")
    PREPARING = "preparing", _("Preparing the bid")
    SUBMITTED = "submitted", _("Submitted")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")
    NOT_PURSUED = "not_pursued", _("Not pursued")


BID_CLOSED = frozenset(
    {BidStatus.SUBMITTED, BidStatus.AWARDED, BidStatus.NOT_AWARDED, BidStatus.NOT_PURSUED}
)
