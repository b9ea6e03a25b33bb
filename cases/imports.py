"""Importing an organisation's past cases from a spreadsheet (django-import-export).

Every row is opened with cases.services.open_case (or, imported again, changed with
update_case): the same rules, history and access log as a case logged by hand. The cases go into
the importer's organisation whatever the file says; a row is found again by the case number or by
the organisation's own reference, so importing the same file twice makes no duplicates. The
CNICs and phones are checked against the coalition's cases as at intake (cases.duplicates).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.imports import ImportKind, register
from coalition.imports.files import ROW_NUMBER
from coalition.imports.resources import Column, SpreadsheetResource
from coalition.imports.widgets import (
    ChoiceWidget,
    DateWidget,
    NumberWidget,
    TextWidget,
    YesNoWidget,
)
from members.access import has_org_perm, staff_of
from members.geography import Province
from members.roles import OPEN_CASE, VIEW_ALL_CASES

from . import duplicates
from . import vocabularies as v
from .models import Case
from .services import open_cases, prepare_case, update_case
from .services.common import unscoped_cases
from .services.file import CONSENT_FIELDS
from .validators import validate_cnic, validate_phone


def may_exchange_cases(user) -> bool:
    """Importing and exporting an organisation's cases: its supervisors, who read all of them
    and log intakes. An org admin reads no case file, so imports none (a re-import's preview
    would show what the file changes in cases they may not read)."""
    return has_org_perm(user, VIEW_ALL_CASES) and has_org_perm(user, OPEN_CASE)


class CnicWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            return ""
        try:
            return validate_cnic(text)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None


class PhoneWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            return ""
        try:
            return validate_phone(text)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None


COLUMNS = [
    Column(
        "external_reference",
        "Your reference",
        "آپ کا حوالہ",
        gettext_lazy(
            "Your organisation's own number for the case. With it, importing the file again "
            "updates the cases instead of adding them twice."
        ),
        TextWidget(max_length=60),
    ),
    Column(
        "number",
        "Case number",
        "کیس نمبر",
        gettext_lazy(
            "The app's case number, for a case already in the app. Leave empty for new cases."
        ),
        TextWidget(max_length=40),
        key_only=True,
    ),
    Column(
        "organization",
        "Organisation",
        "تنظیم",
        gettext_lazy(
            "Optional. If given, it must be your organisation's short name: an import only "
            "adds cases to your organisation."
        ),
        TextWidget(max_length=20),
        key_only=True,
    ),
    Column(
        "intake_date",
        "Intake date",
        "اندراج کی تاریخ",
        gettext_lazy("Required. dd/mm/yyyy or dd-mm-yy; Urdu digits are read too."),
        DateWidget(),
        required=True,
    ),
    Column(
        "intake_channel",
        "How the person reached you",
        "رابطے کا ذریعہ",
        gettext_lazy("Required. One of the codes or names listed below."),
        ChoiceWidget(v.IntakeChannel, required=True),
        required=True,
    ),
    Column(
        "full_name", "Name", "نام", gettext_lazy("The person's name."), TextWidget(max_length=200)
    ),
    Column(
        "alias",
        "Alias",
        "عرف",
        gettext_lazy("Other names the person is known by."),
        TextWidget(max_length=200),
    ),
    Column(
        "sex",
        "Sex",
        "جنس",
        gettext_lazy("female, male, intersex or unknown."),
        ChoiceWidget(v.Sex, default=v.Sex.UNKNOWN),
    ),
    Column(
        "gender_identity",
        "Gender identity",
        "صنفی شناخت",
        gettext_lazy("As the person describes it; one of the codes listed below."),
        ChoiceWidget(v.GenderIdentity, default=v.GenderIdentity.UNKNOWN),
    ),
    Column(
        "date_of_birth", "Date of birth", "تاریخ پیدائش", gettext_lazy("dd/mm/yyyy."), DateWidget()
    ),
    Column("estimated_age", "Age", "عمر", gettext_lazy("Estimated age in years."), NumberWidget()),
    Column(
        "cnic",
        "CNIC",
        "شناختی کارڈ نمبر",
        gettext_lazy("13 digits, with or without dashes. Checked for duplicates as at intake."),
        CnicWidget(digits=True),
    ),
    Column(
        "phone",
        "Phone",
        "فون",
        gettext_lazy("A mobile like 0300 1234567. Checked for duplicates as at intake."),
        PhoneWidget(digits=True),
    ),
    Column(
        "origin_province",
        "Province of origin",
        "آبائی صوبہ",
        gettext_lazy("A province code or name."),
        ChoiceWidget(Province),
    ),
    Column(
        "origin_district",
        "District of origin",
        "آبائی ضلع",
        gettext_lazy("The district's English name."),
        TextWidget(max_length=60),
    ),
    Column(
        "case_type",
        "Trafficking or smuggling",
        "اسمگلنگ یا ٹریفکنگ",
        gettext_lazy("trafficking, migrant_smuggling or both."),
        ChoiceWidget(v.CaseType, default=v.CaseType.TRAFFICKING),
    ),
    Column(
        "trafficking_status",
        "Trafficking status",
        "ٹریفکنگ کی حیثیت",
        gettext_lazy("possible, presumed, confirmed or not_a_victim."),
        ChoiceWidget(v.TraffickingStatus, default=v.TraffickingStatus.POSSIBLE),
    ),
    Column(
        "risk_level",
        "Risk level",
        "خطرے کی سطح",
        gettext_lazy("low, medium, high or critical."),
        ChoiceWidget(v.RiskLevel, default=v.RiskLevel.MEDIUM),
    ),
    Column(
        "summary",
        "What happened",
        "کیا ہوا",
        gettext_lazy("A short account."),
        TextWidget(max_length=5000),
    ),
    Column(
        "consent_record",
        "Consents to being recorded",
        "اندراج کی رضامندی",
        gettext_lazy(
            "yes or no. Consent is changed later on the case's consent page, not by an import."
        ),
        YesNoWidget(),
    ),
    Column(
        "consent_share_coalition",
        "Consents to sharing with members",
        "اراکین سے شیئر کرنے کی رضامندی",
        gettext_lazy("yes or no."),
        YesNoWidget(),
    ),
]


class CaseResource(SpreadsheetResource):
    """New rows are checked one by one with prepare_case (each its own errors) and opened
    together with open_cases (import-export's bulk mode); changed rows go through update_case."""

    COLUMNS = COLUMNS

    class Meta(SpreadsheetResource.Meta):
        model = Case
        use_bulk = True
        # One batch, opened after every row has been read: the year's case counter (which
        # every intake of the organisation waits for) is held for the inserts only.
        batch_size = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.staff = staff_of(self.by)
        self.seen_keys: dict[tuple[str, str], int] = {}
        self.identifiers: list[tuple[int, str, str]] = []
        self.imported_ids: set[int] = set()
        self.warnings: list[dict] = []
        self.cases = unscoped_cases().filter(organization=self.organization)
        self.known: dict[tuple[str, str], int] | None = None

    def _known(self) -> dict[tuple[str, str], int]:
        """The organisation's case numbers and references, read once per file."""
        if self.known is None:
            self.known = {}
            for pk, number, reference in self.cases.values_list(
                "pk", "number", "external_reference"
            ):
                self.known[("number", number)] = pk
                if reference:
                    self.known[("reference", reference)] = pk
        return self.known

    def save_instance(self, instance, is_create, row, **kwargs):
        self.current_row = row
        if not is_create:
            self.do_instance_save(instance, is_create)
            return
        fields = {name: getattr(instance, name) for name in self.fields}
        case = prepare_case(organization=self.organization, by=self.by, staff=self.staff, **fields)
        self.create_instances.append(case)
        if case.cnic or case.phone:
            self.identifiers.append((row[ROW_NUMBER], case.cnic, case.phone))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The new rows, opened through the service. A preview stops at prepare_case's checks:
        numbering the cases would hold the organisation's case counter for the whole check."""
        if not self.create_instances:
            return
        if dry_run:
            self.create_instances.clear()
            return
        try:
            opened = open_cases(
                organization=self.organization, by=self.by, cases=self.create_instances
            )
            self.imported_ids.update(case.pk for case in opened)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()

    @staticmethod
    def _value(row, header: str) -> str:
        value = row.get(header)
        return "" if value is None else str(value).strip()

    def check_row(self, row) -> None:
        organization = self._value(row, "Organisation")
        if organization and organization.casefold() != self.organization.short_name.casefold():
            raise ValidationError(
                {
                    "organization": _(
                        "An import adds cases to your organisation (%(mine)s) only; this row "
                        "names %(other)s."
                    )
                    % {"mine": self.organization.short_name, "other": organization[:20]}
                }
            )
        number, reference = self._value(row, "Case number"), self._value(row, "Your reference")
        if not number and not reference:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "Give your own reference or the case number, so that the row is found "
                        "again if the file is imported again."
                    )
                }
            )
        if number and self.find(row) is None:
            raise ValidationError({"number": _("Your organisation has no case with this number.")})
        for key in (("number", number), ("reference", reference)):
            if not key[1]:
                continue
            first = self.seen_keys.setdefault(key, row[ROW_NUMBER])
            if first != row[ROW_NUMBER]:
                attribute = "number" if key[0] == "number" else "external_reference"
                raise ValidationError(
                    {attribute: _("Row %(row)s has the same value.") % {"row": first}}
                )

    def find(self, row):
        number, reference = self._value(row, "Case number"), self._value(row, "Your reference")
        key = ("number", number) if number else ("reference", reference)
        pk = self._known().get(key) if key[1] else None
        return self.cases.get(pk=pk) if pk else None

    def create(self, instance, row) -> None:
        raise AssertionError("New cases are opened in batches by bulk_create.")

    def update(self, instance, changed: list[str], row) -> None:
        consent = sorted(set(changed) & set(CONSENT_FIELDS))
        if consent:
            raise ValidationError(
                {
                    consent[0]: _(
                        "Consent is not changed by an import: record it on the case's consent page."
                    )
                }
            )
        case = update_case(
            case=instance,
            by=self.by,
            expected_version=self.original_values.get("version", instance.version),
            changes={name: getattr(instance, name) for name in changed},
        )
        self.imported_ids.add(case.pk)
        if case.cnic or case.phone:
            self.identifiers.append((row[ROW_NUMBER], case.cnic, case.phone))

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        if not new:
            self.original_values["version"] = instance.version

    def after_import(self, dataset, result, **kwargs):
        matches = duplicates.check_imported_identifiers(
            by=self.by, rows=self.identifiers, imported_case_ids=self.imported_ids
        )
        labels = {"cnic": _("CNIC"), "phone": _("Phone")}
        for number, kind in matches:
            self.warnings.append(
                {
                    "row": number,
                    "column": str(labels[kind]),
                    "message": _(
                        "A case of your organisation has this number already: look for it "
                        "before confirming, as you would at intake."
                    ),
                }
            )


register(
    ImportKind(
        kind="cases",
        title=gettext_lazy("Import past cases"),
        intro=gettext_lazy(
            "Bring your organisation's earlier cases into the app from a spreadsheet. Each row "
            "becomes a case of your organisation, with its history and the access log, as if "
            "logged at intake."
        ),
        resource=CaseResource,
        may_import=may_exchange_cases,
        example_rows=[
            [
                "REF-0001",
                "",
                "",
                "25/03/2021",
                "helpline",
                "Test Person",
                "",
                "female",
                "woman",
                "",
                "17",
                "12345-1234567-1",
                "0300 1234567",
                "punjab",
                "Kasur",
                "trafficking",
                "possible",
                "high",
                "Synthetic example row.",
                "yes",
                "no",
            ],
        ],
    )
)
