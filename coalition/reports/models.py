"""Reports built in the background and kept: the monthly coalition report, reports an analyst
or a member asked for, and CTDC datasets. Their files live in private storage (settings.STORAGES
"default", never served directly) and are downloaded through a permission-checked view."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.geography import Province
from members.models import Organization


class StoredReport(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly coalition report")
        ON_REQUEST = "on_request", _("Report for a chosen period")
        CTDC = "ctdc", _("CTDC de-identified dataset")
        DONOR = "donor", _("Donor report for a chosen period")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # None: the whole coalition (the secretariat's); otherwise one member's own report.
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    province = models.CharField(_("province"), max_length=20, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    # "<format>-<language>" -> the file's name in the default (private) storage.
    files = models.JSONField(default=dict, blank=True)
    # Counts about the build that people may see (the CTDC suppression counts); no personal data.
    summary = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The build that holds the report (coalition.reports.services.build): its token, since when,
    # and how many builds have claimed it (a worker killed mid-build counts).
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    build_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-period_start", "-created_at", "-id"]
        verbose_name = _("stored report")
        verbose_name_plural = _("stored reports")
        constraints = [
            # The monthly job may run twice (a retry, run_jobs and beat): one report a month.
            models.UniqueConstraint(
                fields=["period_start"],
                condition=Q(kind="monthly", organization__isnull=True),
                name="one_monthly_report_per_month",
            )
        ]
        indexes = [models.Index(fields=["organization", "kind", "-period_start"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.period_start} to {self.period_end}"

    @property
    def audit_label(self) -> str:
        return f"report#{self.pk} {self.kind} {self.period_start:%Y-%m-%d}"

    @property
    def audit_organization(self) -> Organization | None:
        return self.organization

    @property
    def province_label(self) -> str:
        return Province(self.province).label if self.province else ""

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class CaseCount(models.Model):
    """The people of the coalition's cases counted ahead, for the dashboard's case tables
    (summary.py): how many of one organisation's non-duplicate cases opened in one month
    (closed in it, for the measure "closed") from one province of origin have `measure`, e.g.
    "sex__female", "age__0-8", "district:Lahore", "exploitation:sexual". Rebuilt whole by a
    periodic job, never edited: a wrong row lives until the next build at most."""

    month = models.DateField()
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    province = models.CharField(max_length=20, blank=True)
    measure = models.CharField(max_length=120)
    people = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month", "organization"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.organization_id} {self.province} {self.measure}"


class CaseCountBuild(models.Model):
    """When the case counts were last rebuilt (one row); without it the figures count the cases
    themselves."""

    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"case counts built at {self.built_at}"
