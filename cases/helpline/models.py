"""A helpline call: when, who called (as a kind, never by name), what they asked and what was
done. A caller's name and number are written only on a case, and only if they agree."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from members.access import org_perms, staff_of
from members.geography import Province
from members.models import Organization
from members.roles import LOG_CALLS, VIEW_ALL_CASES

from ..models import Case

# Who reads an organisation's call log: its helpline desk and its supervisors.
READS_CALLS = frozenset({LOG_CALLS, VIEW_ALL_CASES})


class CallerType(models.TextChoices):
    PERSON = "person", _("The person themselves")
    FAMILY = "family", _("Family")
    COMMUNITY = "community", _("Community")
    POLICE_FIA = "police_fia", _("Police or FIA")
    ORGANIZATION = "organization", _("Another organisation")
    ANONYMOUS = "anonymous", _("Anonymous")


class CallLanguage(models.TextChoices):
    URDU = "ur", _("Urdu")
    PUNJABI = "pa", _("Punjabi")
    SINDHI = "sd", _("Sindhi")
    PASHTO = "ps", _("Pashto")
    SARAIKI = "skr", _("Saraiki")
    BALOCHI = "bal", _("Balochi")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other language")


class CallRequest(models.TextChoices):
    INFORMATION = "information", _("Information")
    RESCUE = "rescue", _("Rescue")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical help")
    CASE_FOLLOW_UP = "case_follow_up", _("Follow-up on a case")
    OTHER = "other", _("Something else")


class CallOutcome(models.TextChoices):
    INFORMATION_GIVEN = "information_given", _("Information given")
    REFERRED = "referred", _("Referred")
    CASE_OPENED = "case_opened", _("Case opened")
    CALL_BACK = "call_back", _("Call back")


class HelplineCallQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HelplineCallQuerySet":
        """The calls of the user's organisation, to its helpline desk and supervisors."""
        staff = staff_of(user)
        if staff is None or not (org_perms(user) & READS_CALLS):
            return self.none()
        return self.filter(organization_id=staff.organization_id)

    def callbacks_open(self) -> "HelplineCallQuerySet":
        return self.filter(callback_due__isnull=False, callback_done_at__isnull=True)


class HelplineCallManager(models.Manager.from_queryset(HelplineCallQuerySet)):
    def visible_to(self, user) -> HelplineCallQuerySet:
        return self.with_scopes_disabled().get_queryset().visible_to(user)


class HelplineCall(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    called_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    caller_type = models.CharField(
        _("who called"), max_length=20, choices=CallerType.choices, default=CallerType.ANONYMOUS
    )
    language = models.CharField(
        _("language"), max_length=8, choices=CallLanguage.choices, default=CallLanguage.URDU
    )
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    district = models.CharField(_("district"), max_length=60, blank=True)
    request = models.CharField(_("what they asked"), max_length=20, choices=CallRequest.choices)
    outcome = models.CharField(_("what was done"), max_length=20, choices=CallOutcome.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=1)
    callback_due = models.DateTimeField(_("call back by"), null=True, blank=True)
    callback_done_at = models.DateTimeField(null=True, blank=True, editable=False)
    callback_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The case the call opened or was attached to; the call itself names no one.
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Scoped like every model of cases: a query that does not go through visible_to(user), or
    # an explicit with_scopes_disabled() in a service or job, raises instead of answering.
    objects = ScopedManager(_manager_class=HelplineCallManager, organization="organization")

    class Meta:
        app_label = "cases"
        ordering = ["-called_at", "-id"]
        verbose_name = _("helpline call")
        verbose_name_plural = _("helpline calls")
        indexes = [
            models.Index(fields=["organization", "-called_at"]),
            models.Index(fields=["organization", "callback_due"]),
        ]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"call#{self.pk}"

    @property
    def audit_organization(self) -> Organization:
        return self.organization

    @property
    def audit_case_id(self) -> int | None:
        return self.case_id

    @property
    def callback_open(self) -> bool:
        return self.callback_due is not None and self.callback_done_at is None

    @property
    def callback_missed(self) -> bool:
        return self.callback_open and self.callback_due < timezone.now()
