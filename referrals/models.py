"""A referral: one member organisation asks another to give a survivor a service."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from cases.access import SECTIONS
from cases.models import Case, LoggedUnderItsCase
from coalition.validators import MEDIUM_TEXT, SHORT_TEXT, MaxTextLength
from members.models import Organization, Service, Staff


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")
    EXPIRED = "expired", _("Expired")


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    URGENT = "urgent", _("Urgent")
    ROUTINE = "routine", _("Routine")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity at the moment")
    NOT_OFFERED_THERE = "not_offered_there", _("Service not offered in that area")
    NOT_ELIGIBLE = "not_eligible", _("The person is not eligible for the service")
    OTHER = "other", _("Other (explain)")


class Outcome(models.TextChoices):
    SERVICE_PROVIDED = "service_provided", _("Service provided")
    PARTLY_PROVIDED = "partly_provided", _("Service partly provided")
    PERSON_DECLINED = "person_declined", _("The person declined the service")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    REFERRED_ON = "referred_on", _("Referred on to another provider")


# What a referral may share, in case-page order, with its label and whether it is shared by
# default: the minimum a provider needs to act, and nothing that identifies or locates the person
# unless the sender ticks it.
SHARE_LABELS = {
    "survivor": _("The person: name, sex, gender identity, age, origin"),
    "contact": _("Identity and contact: CNIC, phone, where the person is now"),
    "exploitation": _("The exploitation"),
    "needs": _("Needs"),
    "legal": _("Legal track"),
    "services": _("Services delivered so far"),
    "notes": _("Notes (not confidential ones)"),
    "documents": _("Documents (not confidential ones)"),
}
DEFAULT_SHARED = ("survivor", "needs")
assert set(SHARE_LABELS) == set(SECTIONS)


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReferralQuerySet":
        from .visibility import referral_q

        return self.filter(referral_q(user))


class ReferralManager(models.Manager.from_queryset(ReferralQuerySet)):
    def visible_to(self, user) -> ReferralQuerySet:
        return self.with_scopes_disabled().get_queryset().visible_to(user)


class Referral(LoggedUnderItsCase, models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    from_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("refer to"),
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, verbose_name=_("service"))
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    reason = models.TextField(_("why this referral"), validators=[MaxTextLength(MEDIUM_TEXT)])
    consent_confirmed = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    respond_by = models.DateTimeField()
    # One flag per case-file section, so that "what is shared" is a plain column in SQL.
    share_survivor = models.BooleanField(default=True)
    share_contact = models.BooleanField(default=False)
    share_exploitation = models.BooleanField(default=False)
    share_needs = models.BooleanField(default=True)
    share_legal = models.BooleanField(default=False)
    share_services = models.BooleanField(default=False)
    share_notes = models.BooleanField(default=False)
    share_documents = models.BooleanField(default=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The receiving caseworker who works the referral once accepted (optional).
    assigned_to = models.ForeignKey(
        Staff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_assigned",
        verbose_name=_("caseworker"),
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=30, choices=DeclineReason.choices, blank=True)
    response_note = models.TextField(blank=True, validators=[MaxTextLength(SHORT_TEXT)])
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True, validators=[MaxTextLength(SHORT_TEXT)])
    ended_at = models.DateTimeField(null=True, blank=True)
    # Job bookkeeping: each reminder or escalation is sent once (the jobs may run many times).
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(_manager_class=ReferralManager, organization="case__organization")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["to_organization", "status", "respond_by"]),
            models.Index(fields=["from_organization", "status"]),
            models.Index(fields=["case", "status"]),
            models.Index(fields=["status", "respond_by"]),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.to_organization.short_name}"

    @property
    def audit_label(self) -> str:
        return f"referral#{self.pk} {self.case.number}"

    @property
    def shared_sections(self) -> list[str]:
        return [section for section in SECTIONS if getattr(self, f"share_{section}")]

    @property
    def shared_labels(self) -> list[str]:
        return [SHARE_LABELS[section] for section in self.shared_sections]

    @property
    def share_key(self) -> str:
        """The key of the share on the case that this referral offers and, accepted, opens."""
        return f"referral:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (Status.PENDING, Status.ACCEPTED)


class ReferralEvent(models.Model):
    """One transition of a referral: its history."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(blank=True, validators=[MaxTextLength(SHORT_TEXT)])

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
