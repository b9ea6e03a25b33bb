"""The full record around a case: perpetrators, dated events, the migrant smuggling record,
identity documents, and the accused of a legal proceeding.

Each row hangs off a case and follows its rules: the organisation that wrote it (`organization`)
owns it, its section of the file (cases/access.py SECTION_OF_MODEL) decides what a share opens,
and the scoped manager refuses a query that forgot its visibility. Identifiers (CNIC, phone,
document numbers) sit in fields named `*_number`, `cnic` or `*phone`, shown only to full access
and never written to history or the access log.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from coalition.crypto import (
    EncryptedCharField,
    EncryptedTextField,
    KeepsDerivedFields,
    KeyedHashField,
)
from coalition.validators import LONG_TEXT, MaxTextLength
from members.geography import Province
from members.models import Organization

from . import record_vocabularies as rv
from . import vocabularies as v
from .models import Case, LegalProceeding, LoggedUnderItsCase, scoped_child_manager


class ChoiceList(models.JSONField):
    """Several codes of one vocabulary, kept as a JSON list: the same on PostgreSQL and on the
    SQLite a demo runs on. Only the vocabulary's codes are accepted."""

    def __init__(self, *args, values=(), **kwargs):
        self.values = tuple(values)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["values"] = list(self.values)
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list) or set(value) - set(self.values):
            raise ValidationError(_("Choose from the list."), code="invalid_choice")


class CaseRow(KeepsDerivedFields, LoggedUnderItsCase, models.Model):
    """What every row of the record shares: its case, the organisation that wrote it, who and
    when."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_child_manager()

    class Meta:
        abstract = True

    @property
    def audit_label(self) -> str:
        return f"{self.case.number} {self._meta.model_name} #{self.pk}"

    def validate_unique(self, exclude=None):
        # A uniqueness check looks at every row, whoever's: the answer is yes or no, no row.
        with scopes_disabled():
            super().validate_unique(exclude)


class Perpetrator(CaseRow):
    """Someone who took part in the trafficking or smuggling of this person. The same person in
    another case of the same organisation is linked through `same_as`, so a network shows."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrators")
    name = EncryptedCharField(_("name or description"), max_length=200)
    alias = EncryptedCharField(_("alias"), max_length=200, blank=True)
    roles = ChoiceList(
        values=rv.PerpetratorRole.values,
        verbose_name=_("role in the process"),
        default=list,
    )
    relation = models.CharField(
        _("relation to the person"),
        max_length=30,
        choices=v.RecruiterRelation.choices,
        blank=True,
    )
    sex = models.CharField(_("sex"), max_length=20, choices=v.Sex.choices, default=v.Sex.UNKNOWN)
    age_range = models.CharField(
        _("age range"), max_length=10, choices=rv.AgeRange.choices, default=rv.AgeRange.UNKNOWN
    )
    nationality = models.CharField(
        _("nationality"), max_length=2, choices=rv.Country.choices, default=rv.Country.PK
    )
    cnic = EncryptedCharField(_("CNIC"), max_length=15, blank=True)
    cnic_hash = KeyedHashField(of="cnic", kind="cnic")
    phone = EncryptedCharField(_("phone"), max_length=20, blank=True)
    phone_hash = KeyedHashField(of="phone", kind="phone")
    description = EncryptedTextField(
        _("what is known"), blank=True, validators=[MaxTextLength(LONG_TEXT)]
    )
    same_as = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("same person as"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("perpetrator")
        verbose_name_plural = _("perpetrators")

    def __str__(self) -> str:
        return self.name

    @property
    def network_root_id(self) -> int:
        return self.same_as_id or self.pk

    def role_labels(self) -> list[str]:
        return [rv.PerpetratorRole(r).label for r in self.roles if r in rv.PerpetratorRole.values]


class CaseEvent(CaseRow):
    """One dated, placed step: recruitment, transit or exploitation (HTCDS's events)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=20, choices=rv.EventKind.choices)
    started_on = models.DateField(_("date"))
    precision = models.CharField(
        _("how exact the date is"),
        max_length=10,
        choices=rv.DatePrecision.choices,
        default=rv.DatePrecision.DAY,
    )
    ended_on = models.DateField(_("until"), null=True, blank=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    district = models.CharField(_("district"), max_length=60, blank=True)
    country = models.CharField(
        _("country"), max_length=2, choices=rv.Country.choices, default=rv.Country.PK
    )
    city = models.CharField(_("city or place"), max_length=100, blank=True)
    means = ChoiceList(
        values=v.MeansOfControl.values,
        verbose_name=_("means used"),
        default=list,
        blank=True,
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=rv.Channel.choices, default=rv.Channel.UNKNOWN
    )
    channel_name = models.CharField(
        _("name of the website, app or agency"), max_length=100, blank=True
    )
    sexual_exploitation = models.CharField(
        _("type of sexual exploitation"),
        max_length=20,
        choices=rv.SexualExploitationType.choices,
        blank=True,
    )
    documents = ChoiceList(
        values=rv.TravelDocument.values,
        verbose_name=_("documents involved"),
        default=list,
        blank=True,
    )
    documents_genuineness = models.CharField(
        _("were the documents genuine?"),
        max_length=20,
        choices=rv.DocumentGenuineness.choices,
        blank=True,
    )
    perpetrators = models.ManyToManyField(
        Perpetrator, blank=True, related_name="events", verbose_name=_("who took part")
    )
    description = EncryptedTextField(
        _("what happened, in words"), blank=True, validators=[MaxTextLength(LONG_TEXT)]
    )

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on:%Y-%m}"

    def save(self, *args, **kwargs):
        if self.precision == rv.DatePrecision.MONTH and self.started_on:
            self.started_on = self.started_on.replace(day=1)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("The end date is before the start date.")
        if self.sexual_exploitation and self.kind != rv.EventKind.EXPLOITATION:
            errors["sexual_exploitation"] = _("Only an exploitation event has this.")
        if self.country == rv.Country.PK and not (self.district or self.city):
            errors["district"] = _("Give the district, or the country and city.")
        if self.country != rv.Country.PK and not self.city:
            errors["city"] = _("Give the city or place in that country.")
        if self.documents and not self.documents_genuineness:
            errors["documents_genuineness"] = _("Say whether the documents were genuine.")
        if errors:
            raise ValidationError(errors)

    @property
    def duration_days(self) -> int | None:
        if self.ended_on:
            return (self.ended_on - self.started_on).days
        return None


class SmugglingRecord(CaseRow):
    """Migrant smuggling under PSMA 2018, as its own crime: one record per case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="smuggling")
    fee_amount = models.PositiveIntegerField(_("fee paid (PKR)"), null=True, blank=True)
    fee_paid_by = models.CharField(
        _("who paid"), max_length=20, choices=rv.FeePaidBy.choices, blank=True
    )
    agent = models.ForeignKey(
        Perpetrator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    destination_country = models.CharField(
        _("destination country"), max_length=2, choices=rv.Country.choices, blank=True
    )
    transit_countries = ChoiceList(
        values=rv.Country.values,
        verbose_name=_("transit countries"),
        default=list,
        blank=True,
    )
    route = models.CharField(_("route"), max_length=300, blank=True)
    modes = ChoiceList(
        values=rv.SmugglingMode.values,
        verbose_name=_("mode of travel"),
        default=list,
        blank=True,
    )
    departed_on = models.DateField(_("left on"), null=True, blank=True)
    intercepted = models.BooleanField(_("intercepted"), default=False)
    intercepted_where = models.CharField(_("intercepted where"), max_length=150, blank=True)
    intercepted_by = models.CharField(
        _("intercepted by"), max_length=20, choices=rv.Interceptor.choices, blank=True
    )
    detained = models.BooleanField(_("detained"), default=False)
    detained_where = models.CharField(_("detained where"), max_length=150, blank=True)
    returned = models.CharField(
        _("deported or returned"), max_length=20, choices=rv.Return.choices, blank=True
    )
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    fate = models.CharField(
        _("died or missing in transit"), max_length=10, choices=rv.FateInTransit.choices, blank=True
    )
    fate_where = models.CharField(_("where it happened"), max_length=150, blank=True)
    family_contact_name = EncryptedCharField(
        _("family contact for tracing"), max_length=200, blank=True
    )
    family_contact_phone = EncryptedCharField(
        _("family contact's phone"), max_length=20, blank=True
    )
    reintegration_plan = EncryptedTextField(
        _("return and reintegration plan"), blank=True, validators=[MaxTextLength(LONG_TEXT)]
    )

    class Meta:
        verbose_name = _("migrant smuggling record")
        verbose_name_plural = _("migrant smuggling records")

    def __str__(self) -> str:
        return f"{self.case.number} {_('smuggling')}"

    def clean(self):
        errors = {}
        if self.intercepted and not self.intercepted_by:
            errors["intercepted_by"] = _("Say who intercepted the person.")
        if self.fate and not (self.family_contact_name or self.family_contact_phone):
            errors["family_contact_name"] = _(
                "Give the family's contact, so that tracing can reach them."
            )
        if self.agent_id and self.agent.case_id != self.case_id:
            errors["agent"] = _("Choose a perpetrator recorded on this case.")
        if errors:
            raise ValidationError(errors)


class IdentityDocument(CaseRow):
    """An identity document of the survivor: CNIC, B-form, NICOP, passport, PoR card."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identity_documents")
    doc_type = models.CharField(_("type"), max_length=20, choices=rv.IdentityDocumentType.choices)
    document_number = EncryptedCharField(_("number"), max_length=30)
    document_number_hash = KeyedHashField(of="document_number", kind="document")
    issuing_country = models.CharField(
        _("issuing country"), max_length=2, choices=rv.Country.choices, default=rv.Country.PK
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return self.get_doc_type_display()

    def clean(self):
        from .validators import validate_identity_document

        if self.doc_type and self.document_number:
            self.document_number = validate_identity_document(
                self.doc_type, self.document_number, self.issuing_country
            )


class Accused(CaseRow):
    """A person accused in a legal proceeding, what they were charged under, and what became of
    them: bail, verdict, sentence, fine, compensation to the survivor, appeal."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accused")
    proceeding = models.ForeignKey(
        LegalProceeding, on_delete=models.CASCADE, related_name="accused"
    )
    perpetrator = models.ForeignKey(
        Perpetrator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accusations",
        verbose_name=_("perpetrator"),
    )
    name = EncryptedCharField(_("name of the accused"), max_length=200)
    sections = ChoiceList(
        values=rv.LawSection.values,
        verbose_name=_("charged under"),
        default=list,
        blank=True,
    )
    bail = models.CharField(
        _("arrest and bail"),
        max_length=20,
        choices=rv.BailStatus.choices,
        default=rv.BailStatus.NOT_ARRESTED,
    )
    verdict = models.CharField(
        _("verdict"),
        max_length=20,
        choices=v.LegalOutcome.choices,
        default=v.LegalOutcome.PENDING,
    )
    sentence_months = models.PositiveIntegerField(
        _("sentence (months of imprisonment)"), null=True, blank=True
    )
    fine_amount = models.PositiveIntegerField(_("fine (PKR)"), null=True, blank=True)
    compensation_ordered = models.PositiveIntegerField(
        _("compensation ordered (PKR)"), null=True, blank=True
    )
    compensation_paid = models.PositiveIntegerField(
        _("compensation paid (PKR)"), null=True, blank=True
    )
    appeal = models.CharField(
        _("appeal"), max_length=20, choices=rv.AppealStatus.choices, blank=True
    )
    prosecutor = models.CharField(_("prosecutor"), max_length=150, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("accused")
        verbose_name_plural = _("accused")

    def __str__(self) -> str:
        return self.name

    def section_labels(self) -> list[str]:
        return [rv.LawSection(s).label for s in self.sections if s in rv.LawSection.values]

    def clean(self):
        errors = {}
        if self.proceeding_id and self.proceeding.case_id != self.case_id:
            errors["proceeding"] = _("Choose a proceeding of this case.")
        if self.perpetrator_id and self.perpetrator.case_id != self.case_id:
            errors["perpetrator"] = _("Choose a perpetrator recorded on this case.")
        convicted = self.verdict == v.LegalOutcome.CONVICTION
        if not convicted and (self.sentence_months or self.fine_amount):
            errors["sentence_months"] = _("A sentence or fine needs a conviction.")
        if (self.compensation_paid or 0) > (self.compensation_ordered or 0):
            errors["compensation_paid"] = _("More was paid than the court ordered.")
        if self.appeal and self.verdict == v.LegalOutcome.PENDING:
            errors["appeal"] = _("An appeal needs a verdict first.")
        if errors:
            raise ValidationError(errors)
