"""Activities, the stakeholder register, funding calls and their joint bids.

None of this is survivor data, and none of it holds personal data: institutions have a public
role and an office contact, follow-up actions an owner who is staff, participants are counts.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.validators import LONG_TEXT, MEDIUM_TEXT, MaxTextLength
from members.geography import Province
from members.models import Organization, Staff

from .vocabularies import (
    ActivityKind,
    BidStatus,
    FileKind,
    InstitutionType,
    ParticipantGroup,
    Topic,
)


class Stakeholder(models.Model):
    """An institution the coalition works with: never a private person."""

    name = models.CharField(_("institution"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=InstitutionType.choices)
    province = models.CharField(
        _("province"),
        max_length=20,
        choices=Province.choices,
        blank=True,
        help_text=_("Leave empty for a national or international institution."),
    )
    public_role = models.CharField(
        _("public role"),
        max_length=200,
        blank=True,
        help_text=_("An office or post, e.g. “Deputy Director, Anti-Human Trafficking Circle”."),
    )
    office_address = models.CharField(_("office address"), max_length=300, blank=True)
    office_email = models.EmailField(_("office email"), blank=True)
    office_phone = models.CharField(_("office phone"), max_length=30, blank=True)
    added_by = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.UniqueConstraint(fields=["name", "province"], name="unique_stakeholder_place")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"stakeholder#{self.pk}"

    @property
    def audit_organization(self) -> Organization:
        return self.added_by


class Activity(models.Model):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("recorded by"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices)
    district = models.CharField(_("district"), max_length=60)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    co_organizers = models.ManyToManyField(
        Organization, blank=True, related_name="co_organized_activities",
        verbose_name=_("other organising members"),
    )  # fmt: skip
    partners = models.ManyToManyField(
        Stakeholder, blank=True, related_name="activities", verbose_name=_("partners")
    )
    outcomes = models.TextField(_("outcomes"), blank=True, validators=[MaxTextLength(LONG_TEXT)])
    recommendations = models.TextField(
        _("recommendations"), blank=True, validators=[MaxTextLength(LONG_TEXT)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The calendar feed's UID: stable across edits.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["organization", "-starts_on"]),
            models.Index(fields=["starts_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"activity#{self.pk}"

    @property
    def audit_organization(self) -> Organization:
        return self.organization

    @property
    def last_day(self):
        return self.ends_on or self.starts_on


class ActivityTopic(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)

    class Meta:
        ordering = ["topic"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "topic"], name="unique_activity_topic")
        ]

    def __str__(self) -> str:
        return self.get_topic_display()


class Participation(models.Model):
    """How many people of one group took part, by sex: counts only, never names."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participation")
    group = models.CharField(_("group"), max_length=30, choices=ParticipantGroup.choices)
    female = models.PositiveIntegerField(_("women and girls"), default=0)
    male = models.PositiveIntegerField(_("men and boys"), default=0)
    transgender = models.PositiveIntegerField(_("transgender persons"), default=0)

    class Meta:
        ordering = ["group"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "group"], name="unique_activity_group")
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.total}"

    @property
    def total(self) -> int:
        return self.female + self.male + self.transgender


class FollowUp(models.Model):
    """An action agreed at an activity, with the staff member who owns it and a due date."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    overdue_notice_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(done_at__isnull=True), name="open_follow_ups"
            )
        ]

    def __str__(self) -> str:
        return self.action

    @property
    def audit_label(self) -> str:
        return f"activity#{self.activity_id} follow-up#{self.pk}"

    @property
    def audit_organization(self) -> Organization:
        return self.activity.organization


class Commitment(models.Model):
    """What an institution undertook at an activity (the stakeholder register's memory)."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="commitments",
        verbose_name=_("institution"),
    )  # fmt: skip
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField(_("commitment"), validators=[MaxTextLength(MEDIUM_TEXT)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def audit_label(self) -> str:
        return f"activity#{self.activity_id} commitment#{self.pk}"

    @property
    def audit_organization(self) -> Organization:
        return self.activity.organization


def stored_file_path(instance, filename: str) -> str:
    # Never the uploaded name: it is user-controlled and can carry a person's name.
    return f"activities/{instance.folder}/{uuid.uuid4().hex}"


class StoredFile(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FileKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    file = models.FileField(upload_to=stored_file_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
            self.content_type, "bin"
        )


class ActivityFile(StoredFile):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    folder = "activity"

    class Meta(StoredFile.Meta):
        verbose_name = _("activity file")
        verbose_name_plural = _("activity files")

    @property
    def audit_label(self) -> str:
        return f"activity#{self.activity_id} file#{self.pk}"

    @property
    def audit_organization(self) -> Organization:
        return self.activity.organization


class FundingCall(models.Model):
    donor = models.CharField(_("donor"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"))
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    link = models.URLField(_("call's web page"), blank=True)
    notes = models.TextField(_("notes"), blank=True, validators=[MaxTextLength(MEDIUM_TEXT)])
    posted_by = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("posted by")
    )
    lead = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("lead member"),
    )  # fmt: skip
    status = models.CharField(
        _("bid status"), max_length=20, choices=BidStatus.choices, default=BidStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Deadline reminders sent, by how many days ahead ("7", "1"): each is sent once.
    reminders_sent = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")

    def __str__(self) -> str:
        return f"{self.donor}: {self.title}"

    @property
    def audit_label(self) -> str:
        return f"funding-call#{self.pk}"

    @property
    def audit_organization(self) -> Organization:
        return self.posted_by


class BidInterest(models.Model):
    """A member that wants to bid on a call, in the joint bid."""

    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="interests")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["call", "organization"], name="one_interest_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.call_id}"


class BidFile(StoredFile):
    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="files")
    folder = "bids"

    class Meta(StoredFile.Meta):
        verbose_name = _("bid document")
        verbose_name_plural = _("bid documents")

    @property
    def audit_label(self) -> str:
        return f"funding-call#{self.call_id} file#{self.pk}"

    @property
    def audit_organization(self) -> Organization:
        return self.organization


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """An organisation's secret calendar address: a calendar program cannot sign in, so whoever
    holds the address reads the feed. Replacing the token turns the old address off."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return f"calendar feed of {self.organization}"

    @property
    def audit_label(self) -> str:
        return f"calendar-feed#{self.pk}"

    @property
    def audit_organization(self) -> Organization:
        return self.organization
