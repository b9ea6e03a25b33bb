from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """The access log is written once and never changed."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log cannot be updated.")

    def delete(self):
        raise AppendOnlyError("The access log cannot be deleted from.")


class AccessLog(models.Model):
    """Who viewed, changed, exported or shared what, when, from where.

    Written only by `coalition.audit.log_action`. Rows are never updated or deleted: the model
    refuses it, and on PostgreSQL and SQLite a database trigger refuses it too.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        EXPORT = "export", _("exported")
        DOWNLOAD = "download", _("downloaded")
        SHARE = "share", _("shared")
        IMPORT = "import", _("imported")
        LOGIN = "login", _("signed in")
        LOGOUT = "logout", _("signed out")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        DENIED = "denied", _("refused")
        SEARCH = "search", _("searched")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_organization = models.ForeignKey(
        "members.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    verb = models.CharField(_("what"), max_length=60)
    target_type = models.CharField(max_length=60)
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(_("target"), max_length=120, blank=True)
    # The organisation whose data this touched (the case owner), for the org admin's view.
    organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        default_permissions = ()
        indexes = [
            models.Index(fields=["organization", "-at"]),
            models.Index(fields=["case_id", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log cannot be deleted from.")


class Notification(models.Model):
    """Something a person should know: shown in the app, and emailed in their language.

    `params` holds what the message needs (case numbers, organisation short names, dates), never a
    survivor's name. `dedupe_key` makes a notification idempotent: a job that runs twice creates
    it once, and so emails once.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=200, blank=True)
    dedupe_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The email outbox (coalition.notifications): when to try next (None: never emailed), how
    # many tries so far, and when it was given up on.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="unique_notification_per_recipient"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(emailed_at__isnull=True, email_failed_at__isnull=True),
                name="notification_email_outbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class SubmitKey(models.Model):
    """The one-time key a create form carries (coalition.idempotency): the first submit with it
    creates a row, and a double submit or a retry after an error finds that row instead."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    purpose = models.CharField(max_length=40)
    target_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_use_per_submit_key")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.key}"


class ImportJob(models.Model):
    """A spreadsheet brought in through an import page: its file (kept under IMPORT_ROOT until
    the import is done), the preview of what it would do, and the result.

    The person can leave while a job runs and come back to the preview or the result.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        PREVIEWED = "previewed", _("Ready to confirm")
        REJECTED = "rejected", _("Has errors")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("what is imported"), max_length=30)
    organization = models.ForeignKey(
        "members.Organization", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=5, default="en")
    file_name = models.CharField(_("file"), max_length=200)
    stored_name = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKING)
    total_rows = models.PositiveIntegerField(default=0)
    # {"new": n, "update": n, "skip": n}
    counts = models.JSONField(default=dict, blank=True)
    # [{"row": file row number, "column": header, "message": reason}], in `language`
    errors = models.JSONField(default=list, blank=True)
    # Notes that do not stop the import (a CNIC already known in the organisation).
    warnings = models.JSONField(default=list, blank=True)
    # [[file row number, "new" / "update" / "skip", the row's key]]: what each good row does.
    outcomes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        default_permissions = ()
        indexes = [models.Index(fields=["organization", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"import#{self.pk} {self.kind}"

    @property
    def audit_label(self) -> str:
        return f"import#{self.pk}"

    @property
    def audit_organization(self):
        return self.organization

    @property
    def running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def may_be_confirmed(self) -> bool:
        return self.status == self.Status.PREVIEWED and not self.errors


class AccessLogSealQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("An access log seal cannot be updated.")

    def delete(self):
        raise AppendOnlyError("An access log seal cannot be deleted.")


class AccessLogSeal(models.Model):
    """One day of the access log (Asia/Karachi), sealed: how many entries it had, and a keyed
    hash of every column of each of them, in id order, chained to the day before's.

    Written only by `coalition.access_log_chain.seal_due_days`; append-only like the log itself
    (model, database trigger, and the application role's grants). `verify_access_log` recomputes
    the chain.
    """

    day = models.DateField(unique=True)
    entries = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    previous_digest = models.CharField(max_length=64)
    # Which key sealed it (a hash of the key, not the key): a changed key is told apart from
    # changed entries.
    key_fingerprint = models.CharField(max_length=16)
    sealed_at = models.DateTimeField(auto_now_add=True)

    objects = AccessLogSealQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.day} {self.entries} {self.digest[:12]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("An access log seal cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("An access log seal cannot be deleted.")
