"""Survivors' cases and what hangs off them: facets, legal proceedings, notes, documents, services.

Every model here has a scoped default manager (django-scopes): a query that does not go through
`visible_to(user)` (cases/queries.py) or an explicit `with_scopes_disabled()` in a service raises
ScopeError instead of returning another organisation's rows.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from coalition.crypto import (
    EncryptedCharField,
    EncryptedTextField,
    KeepsDerivedFields,
    KeyedHashField,
)
from coalition.loading import LoadedDirectly
from coalition.validators import LONG_TEXT, MaxTextLength
from members.geography import Province, district_label
from members.models import Organization, Service, Staff

from . import access
from . import vocabularies as v
from .fields import NameTokensField


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        return self.filter(access.case_q(user))

    def full_access(self, user) -> "CaseQuerySet":
        """Of these, the cases the user sees in full: their organisation's, or granted."""
        return self.filter(access.full_q(user))


class CaseManager(models.Manager.from_queryset(CaseQuerySet)):
    def visible_to(self, user) -> CaseQuerySet:
        return self.with_scopes_disabled().get_queryset().visible_to(user)

    def full_access(self, user) -> CaseQuerySet:
        return self.with_scopes_disabled().get_queryset().full_access(user)


class Case(KeepsDerivedFields, LoadedDirectly, models.Model):
    # Identity and ownership
    number = models.CharField(_("case number"), max_length=40, unique=True, editable=False)
    # The numbers the case had at organisations that transferred it here, space-separated: a
    # paper file or a call may still quote one.
    former_numbers = models.CharField(
        _("former case numbers"), max_length=200, blank=True, editable=False
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="cases", verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(editable=False)
    serial = models.PositiveIntegerField(editable=False)
    assigned_to = models.ForeignKey(
        Staff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned caseworker"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    # The organisation's own reference for the case (from its earlier records): the key that
    # lets a spreadsheet of past cases be imported again without making duplicates.
    external_reference = models.CharField(
        _("your own reference"), max_length=60, blank=True, default=""
    )

    # Intake
    intake_date = models.DateField(_("intake date"), default=timezone.localdate)
    intake_channel = models.CharField(
        _("how the person reached us"), max_length=40, choices=v.IntakeChannel.choices
    )
    status = models.CharField(
        _("status"), max_length=30, choices=v.CaseStatus.choices, default=v.CaseStatus.OPEN
    )
    risk_level = models.CharField(
        _("risk level"),
        max_length=20,
        choices=v.RiskLevel.choices,
        default=v.RiskLevel.NOT_ASSESSED,
    )
    # Encrypted at rest (coalition/crypto.py): names, identifiers, places that can lead to the
    # person, and what was written about them in words.
    summary = EncryptedTextField(
        _("what happened"), blank=True, validators=[MaxTextLength(LONG_TEXT)]
    )
    current_location = EncryptedCharField(_("where the person is now"), max_length=200, blank=True)
    # A district code (members/geography.py): where referrals look for a provider first.
    current_district = models.CharField(
        _("district where the person is now"), max_length=60, blank=True
    )
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)

    # Consent
    consent_record = models.BooleanField(_("consents to the case being recorded"), default=False)
    consent_share_coalition = models.BooleanField(
        _("consents to sharing with coalition members"), default=False
    )
    consent_share_law_enforcement = models.BooleanField(
        _("consents to sharing with police or FIA"), default=False
    )
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    consent_withdrawn_at = models.DateField(_("consent withdrawn on"), null=True, blank=True)

    # The survivor
    full_name = EncryptedCharField(_("name"), max_length=200, blank=True)
    alias = EncryptedCharField(_("alias or known as"), max_length=200, blank=True)
    # As on every FIR: "X daughter of Y" or "X wife of Y".
    relative_name = EncryptedCharField(_("father's or husband's name"), max_length=200, blank=True)
    # Keyed hashes of the folded words of name and alias: what name search matches.
    name_tokens = NameTokensField(of=("full_name", "alias"))
    sex = models.CharField(
        _("sex"), max_length=20, choices=v.Sex.choices, default=v.Sex.NOT_ASSESSED
    )
    gender_identity = models.CharField(
        _("gender identity"),
        max_length=30,
        choices=v.GenderIdentity.choices,
        default=v.GenderIdentity.UNKNOWN,
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(_("age (estimated)"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=60, default="Pakistani", blank=True)
    cnic = EncryptedCharField(_("CNIC"), max_length=15, blank=True)
    cnic_hash = KeyedHashField(of="cnic", kind="cnic")
    phone = EncryptedCharField(_("phone"), max_length=20, blank=True)
    phone_hash = KeyedHashField(of="phone", kind="phone")
    origin_province = models.CharField(
        _("province of origin"), max_length=20, choices=Province.choices, blank=True
    )
    origin_district = models.CharField(_("district of origin"), max_length=60, blank=True)
    has_disability = models.BooleanField(_("has a disability"), default=False)
    disability = models.CharField(_("disability"), max_length=200, blank=True)

    # The exploitation (CTDC / HTCDS)
    trafficking_status = models.CharField(
        _("trafficking status"),
        max_length=20,
        choices=v.TraffickingStatus.choices,
        default=v.TraffickingStatus.POSSIBLE,
    )
    status_decided_by = models.CharField(
        _("status decided by"), max_length=20, choices=v.DecidedBy.choices, blank=True
    )
    case_type = models.CharField(
        _("trafficking or smuggling"),
        max_length=30,
        choices=v.CaseType.choices,
        default=v.CaseType.TRAFFICKING,
    )
    scope = models.CharField(
        _("internal or cross-border"), max_length=20, choices=v.Scope.choices, blank=True
    )
    recruitment_method = models.CharField(
        _("how recruited"), max_length=30, choices=v.RecruitmentMethod.choices, blank=True
    )
    recruitment_place = EncryptedCharField(_("where recruited"), max_length=200, blank=True)
    recruiter_relation = models.CharField(
        _("recruiter's relation to the person"),
        max_length=30,
        choices=v.RecruiterRelation.choices,
        blank=True,
    )
    labour_industry = models.CharField(
        _("industry (forced labour)"), max_length=30, choices=v.LabourIndustry.choices, blank=True
    )
    destination_country = models.CharField(_("destination country"), max_length=60, blank=True)
    route = models.CharField(_("route"), max_length=300, blank=True)
    exploitation_location = EncryptedCharField(_("where exploited"), max_length=200, blank=True)
    needs_notes = EncryptedTextField(
        _("needs, in words"), blank=True, validators=[MaxTextLength(LONG_TEXT)]
    )

    # Closure
    closure_reason = models.CharField(
        _("closure reason"), max_length=30, choices=v.ClosureReason.choices, blank=True
    )
    closure_note = EncryptedTextField(
        _("closure note"), blank=True, validators=[MaxTextLength(LONG_TEXT)]
    )
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)

    # Erasure (cases/erasure.py): when the identifying details were erased, by whom (no one: the
    # retention job), and why. The de-identified facts stay and are still counted.
    erased_at = models.DateTimeField(_("identifying details erased on"), null=True, blank=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    erasure_reason = models.CharField(
        _("why erased"), max_length=30, choices=v.ErasureReason.choices, blank=True
    )

    objects = ScopedManager(_manager_class=CaseManager, organization="organization")

    class Meta:
        ordering = ["-intake_date", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "serial"], name="unique_case_serial"
            ),
            models.UniqueConstraint(
                fields=["organization", "external_reference"],
                condition=~models.Q(external_reference=""),
                name="unique_case_external_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "-intake_date"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["organization", "next_follow_up"]),
            models.Index(fields=["-intake_date", "-id"]),
            # A caseworker's list: their cases in the list's order, and counted, from the index
            # alone, rather than every one of their rows read and sorted for a page of 25.
            models.Index(
                fields=["assigned_to", "organization", "-intake_date", "-id"],
                name="case_caseworker_list",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def current_district_name(self) -> str:
        return district_label(self.current_district)

    @property
    def origin_district_name(self) -> str:
        return district_label(self.origin_district)

    @property
    def audit_label(self) -> str:
        return self.number

    @property
    def audit_organization(self) -> Organization:
        return self.organization

    @property
    def audit_case_id(self) -> int:
        return self.pk

    @property
    def display_name(self) -> str:
        return self.full_name or self.alias or self.number

    @property
    def age(self) -> int | None:
        if self.date_of_birth:
            today = timezone.localdate()
            born = self.date_of_birth
            return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return self.estimated_age

    @property
    def sent_back_note(self) -> str:
        """What the supervisor who sent a closure request back said still needs doing, until
        closure is asked for again ("" otherwise): the request's note field keeps it."""
        if self.closure_requested_at is None and self.closed_at is None:
            return self.closure_note
        return ""

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_closed(self) -> bool:
        return self.status == v.CaseStatus.CLOSED

    @property
    def can_share_with_coalition(self) -> bool:
        return self.consent_share_coalition and self.consent_withdrawn_at is None

    def facet_values(self, facet: str) -> list[str]:
        """Values of one facet; uses the facets the page read with the case (queries.case_page)."""
        if hasattr(self, "page_facets"):
            return [f.value for f in self.page_facets if f.facet == facet]
        # The case itself was fetched through visible_to(); its own facets need no other scope.
        return list(
            CaseFacet.objects.with_scopes_disabled()
            .filter(case=self, facet=facet)
            .values_list("value", flat=True)
        )

    @property
    def exploitation_types(self) -> list[str]:
        return self.facet_values(CaseFacet.Facet.EXPLOITATION)

    @property
    def means_of_control(self) -> list[str]:
        return self.facet_values(CaseFacet.Facet.MEANS_OF_CONTROL)

    @property
    def needs(self) -> list[str]:
        return self.facet_values(CaseFacet.Facet.NEED)


class LoggedUnderItsCase:
    """For coalition.audit.log_action: a row hanging off a case is logged under the case and the
    organisation that owns it."""

    @property
    def audit_organization(self) -> Organization:
        return self.case.organization

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class CaseChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.row_q(user, self.model))

    def of_case(self, case_access: "access.CaseAccess"):
        """The rows of the one case `case_access` answers for that its user reads."""
        return self.filter(access.rows_of(case_access, self.model))


class CaseChildManager(models.Manager.from_queryset(CaseChildQuerySet)):
    def visible_to(self, user):
        return self.with_scopes_disabled().get_queryset().visible_to(user)

    def of_case(self, case_access: "access.CaseAccess"):
        return self.with_scopes_disabled().get_queryset().of_case(case_access)


def scoped_child_manager():
    return ScopedManager(_manager_class=CaseChildManager, organization="case__organization")


class CaseFacet(models.Model):
    """One value of a multi-valued case field (exploitation types, means of control, needs)."""

    class Facet(models.TextChoices):
        EXPLOITATION = "exploitation", _("exploitation type")
        MEANS_OF_CONTROL = "control", _("means of control")
        NEED = "need", _("need")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=20, choices=Facet.choices)
    value = models.CharField(max_length=40)

    objects = scoped_child_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "facet", "value"], name="unique_case_facet")
        ]
        indexes = [models.Index(fields=["facet", "value", "case"])]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


FACET_VOCABULARIES = {
    CaseFacet.Facet.EXPLOITATION: v.ExploitationType,
    CaseFacet.Facet.MEANS_OF_CONTROL: v.MeansOfControl,
    CaseFacet.Facet.NEED: v.Need,
}


class CaseCounter(models.Model):
    """The last case serial used by an organisation in a year."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="unique_case_counter")
        ]

    def __str__(self) -> str:
        return f"{self.organization}-{self.year}: {self.last}"


class LegalProceeding(LoggedUnderItsCase, models.Model):
    """One complaint or FIR and where it has got to, from complaint to verdict."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proceedings")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    authority = models.CharField(
        _("registered with"), max_length=20, choices=v.LegalAuthority.choices
    )
    complaint_number = models.CharField(_("complaint number"), max_length=60, blank=True)
    fir_number = models.CharField(_("FIR number"), max_length=60, blank=True)
    fir_date = models.DateField(_("FIR date"), null=True, blank=True)
    police_station = models.CharField(_("police station or FIA circle"), max_length=150, blank=True)
    law = models.CharField(_("law"), max_length=40, choices=v.Law.choices)
    sections = models.CharField(_("sections"), max_length=200, blank=True)
    court = models.CharField(_("court"), max_length=200, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=v.LegalStage.choices, default=v.LegalStage.COMPLAINT
    )
    investigating_officer = models.CharField(_("investigating officer"), max_length=150, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=v.LegalOutcome.choices,
        default=v.LegalOutcome.PENDING,
    )
    outcome_date = models.DateField(_("outcome date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_child_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("legal proceeding")
        verbose_name_plural = _("legal proceedings")
        indexes = [models.Index(fields=["law", "stage"])]

    def __str__(self) -> str:
        return self.fir_number or self.complaint_number or f"#{self.pk}"

    @property
    def audit_label(self) -> str:
        return f"{self.case.number} {_('legal')}"


class Hearing(models.Model):
    proceeding = models.ForeignKey(
        LegalProceeding, on_delete=models.CASCADE, related_name="hearings"
    )
    date = models.DateField(_("hearing date"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    result = models.CharField(_("what happened"), max_length=300, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ScopedManager(
        _manager_class=CaseChildManager, organization="proceeding__case__organization"
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.date}"


class Note(LoggedUnderItsCase, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    # The organisation that wrote it: a confidential note stays inside it.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("kind"), max_length=20, choices=v.NoteKind.choices, default=v.NoteKind.NOTE
    )
    text = EncryptedTextField(_("note"), validators=[MaxTextLength(LONG_TEXT)])
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only your organisation will see a confidential note."),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = scoped_child_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"{_('note')} #{self.pk}"


def document_path(instance: "Document", filename: str) -> str:
    # Never the uploaded name: it can carry a survivor's name, and it is user-controlled.
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}"


class Document(LoggedUnderItsCase, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    doc_type = models.CharField(_("type"), max_length=30, choices=v.DocumentType.choices)
    description = EncryptedCharField(_("description"), max_length=200, blank=True)
    # Encrypted on disk by the storage (coalition/encrypted_storage.py).
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = EncryptedCharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only your organisation will see a confidential document."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_child_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name

    @property
    def audit_label(self) -> str:
        return f"{self.case.number} {_('document')} #{self.pk}"


class ServiceDelivery(LoggedUnderItsCase, models.Model):
    """A service given to the survivor: what, by whom, when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deliveries")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, verbose_name=_("service"))
    delivered_on = models.DateField(_("date"))
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("what was done"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_child_manager()

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")
        indexes = [models.Index(fields=["service", "delivered_on"])]

    def __str__(self) -> str:
        return f"{self.service} {self.delivered_on}"


class CaseChange(models.Model):
    """One field's change, for the case's history page (the access log keeps field names only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="changes")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    what = models.CharField(max_length=60)
    field = models.CharField(max_length=60, blank=True)
    # Encrypted: a change of an address or a summary keeps both versions here.
    old = EncryptedTextField(blank=True)
    new = EncryptedTextField(blank=True)

    objects = scoped_child_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self) -> str:
        return f"{self.what} {self.field}"


class CaseShareQuerySet(models.QuerySet):
    def open(self) -> "CaseShareQuerySet":
        """Shares in force now: accepted and not yet ended."""
        return self.filter(accepted_at__isnull=False, ended_at__isnull=True)


class CaseShare(models.Model):
    """Part of a case opened to someone outside its owner, from a date until a date.

    Two kinds, one row: a share with another organisation (written when that organisation
    accepts a referral; `organization`, and `staff` for the caseworker it named), and a per-case
    grant to one person (`grantee`, a lawyer of another member, say), which reads and never
    writes. The case's visibility reads these rows and knows nothing of what opened them: `key`
    is the opener's own reference ("referral:42"), opaque here.
    """

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organisation")
        GRANT = "grant", _("Named person")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=60, unique=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    staff = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="case_grants",
    )
    sections = models.JSONField(default=list)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    offered_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CaseShareQuerySet.as_manager()

    class Meta:
        ordering = ["offered_at", "id"]
        indexes = [
            models.Index(fields=["organization", "ended_at"]),
            models.Index(fields=["grantee", "ended_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="organization", organization__isnull=False, grantee=None)
                    | models.Q(kind="grant", grantee__isnull=False, organization=None)
                ),
                name="case_share_kind_matches_party",
            )
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def is_open(self) -> bool:
        return self.accepted_at is not None and self.ended_at is None


class ConsentEvent(LoggedUnderItsCase, models.Model):
    """Consent given, renewed, narrowed or withdrawn: one dated row, with the scope it left.

    The case's consent fields are the current state; these rows are how it came to be. Both are
    written only by cases/consent.py (and open_case, for the consent given at intake).
    """

    class Kind(models.TextChoices):
        GIVEN = "given", _("Consent given")
        RENEWED = "renewed", _("Consent renewed")
        NARROWED = "narrowed", _("Consent narrowed")
        WITHDRAWN = "withdrawn", _("Consent to sharing withdrawn")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consent_events")
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    # The scope of consent after this event.
    consent_record = models.BooleanField(_("consents to the case being recorded"))
    consent_share_coalition = models.BooleanField(_("consents to sharing with coalition members"))
    consent_share_law_enforcement = models.BooleanField(_("consents to sharing with police or FIA"))
    date = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    note = EncryptedCharField(_("note"), max_length=500, blank=True)

    objects = scoped_child_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("consent event")
        verbose_name_plural = _("consent history")
        indexes = [models.Index(fields=["case", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.date}"

    @property
    def audit_label(self) -> str:
        return f"{self.case.number} {_('consent')}"

    @classmethod
    def of_case(cls, case: Case, *, kind: str, by, on, note: str = "") -> "ConsentEvent":
        """The event that left `case`'s consent as it now is (not saved)."""
        return cls(
            case=case,
            kind=kind,
            consent_record=case.consent_record,
            consent_share_coalition=case.consent_share_coalition,
            consent_share_law_enforcement=case.consent_share_law_enforcement,
            date=on,
            recorded_by=by,
            note=note,
        )


class PossibleDuplicate(models.Model):
    """A duplicate check matched a case in another organisation: the secretariat puts the two in
    touch. It names the two organisations and nothing about the person: the identifier is kept
    only as a keyed hash (cases/duplicates.py), to open one item per pair and identifier.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    class IdentifierKind(models.TextChoices):
        CNIC = "cnic", _("CNIC")
        PHONE = "phone", _("phone")

    # The pair, lower id first, so that either side's check finds the same item.
    organization_a = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    organization_b = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    # Whose check found it.
    found_by = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    identifier_kind = models.CharField(max_length=10, choices=IdentifierKind.choices)
    identifier_hash = models.CharField(max_length=64)
    opened_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(
                fields=["organization_a", "organization_b", "identifier_hash"],
                name="unique_possible_duplicate",
            ),
            models.CheckConstraint(
                condition=models.Q(organization_a__lt=models.F("organization_b")),
                name="possible_duplicate_pair_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "-opened_at"])]

    def __str__(self) -> str:
        return f"{self.organization_a_id}/{self.organization_b_id} {self.identifier_kind}"

    @property
    def audit_label(self) -> str:
        return f"possible-duplicate#{self.pk}"

    @property
    def other_organization(self) -> Organization:
        """The organisation whose case matched (not the one whose check found it)."""
        if self.found_by_id == self.organization_a_id:
            return self.organization_b
        return self.organization_a


# The helpline call log lives in its own module of this app (it opens and joins cases).
from .helpline.models import HelplineCall  # noqa: E402, F401

# The full record around a case (perpetrators, events, smuggling, identity documents, accused).
from .record_models import (  # noqa: E402, F401
    Accused,
    CaseEvent,
    IdentityDocument,
    Perpetrator,
    SmugglingRecord,
)
from .transfer.models import CaseTransfer  # noqa: E402, F401
