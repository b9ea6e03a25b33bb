"""A proposed, accepted, declined or withdrawn transfer of a case to another organisation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coalition.validators import MEDIUM_TEXT, MaxTextLength
from members.models import Organization, Staff

from .. import access
from ..models import Case


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CaseTransferQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseTransferQuerySet":
        return self.filter(access.transfer_q(user))


class CaseTransferManager(models.Manager.from_queryset(CaseTransferQuerySet)):
    def visible_to(self, user) -> CaseTransferQuerySet:
        return self.with_scopes_disabled().get_queryset().visible_to(user)


class CaseTransfer(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    reason = models.TextField(
        _("why the case should move"), validators=[MaxTextLength(MEDIUM_TEXT)]
    )
    # The person agreed to their whole file moving to the other organisation.
    consent_given_on = models.DateField(_("the person agreed on"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    # Who at the old owner keeps the read-only record besides its supervisors: the caseworker.
    from_assigned_to = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.CharField(_("note"), max_length=500, blank=True)
    old_number = models.CharField(max_length=40, blank=True)

    objects = ScopedManager(_manager_class=CaseTransferManager, organization="from_organization")

    class Meta:
        app_label = "cases"
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="pending"),
                name="one_pending_transfer_per_case",
            )
        ]
        indexes = [
            models.Index(fields=["to_organization", "status"]),
            models.Index(fields=["from_organization", "status"]),
        ]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"transfer#{self.pk}"

    @property
    def audit_organization(self) -> Organization:
        return self.from_organization

    @property
    def audit_case_id(self) -> int:
        return self.case_id
