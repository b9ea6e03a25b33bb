"""Case forms. They validate and clean; the services in cases/services.py write."""

from dataclasses import dataclass
from functools import cache

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.forms import SubmitKeyField
from coalition.plain_forms import (
    PlainCheckboxInput,
    PlainDateInput,
    PlainRenderedForm,
    PlainSelect,
    PlainTextInput,
)
from coalition.uploads import check_document
from coalition.validators import LONG_TEXT
from members.fields import DistrictField
from members.models import Service, Staff
from members.queries import assignable_caseworkers

from . import vocabularies as v
from .models import (
    Case,
    CaseFacet,
    ConsentEvent,
    Document,
    Hearing,
    LegalProceeding,
    Note,
    ServiceDelivery,
)
from .record_vocabularies import FIA_AHT_CIRCLES, POLICE_STATIONS
from .validators import (
    age_on,
    province_of_cnic,
    validate_cnic,
    validate_not_future,
    validate_phone,
)
from .widgets import DatalistInput

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@dataclass(frozen=True)
class CaseFileSection:
    key: str
    title: str
    fields: list


FACET_FIELDS = {
    "exploitation_types": CaseFacet.Facet.EXPLOITATION,
    "means_of_control": CaseFacet.Facet.MEANS_OF_CONTROL,
    "needs": CaseFacet.Facet.NEED,
}


class SurvivorValidationMixin:
    """CNIC, phone, dates and age checks shared by the quick intake and the full case form."""

    def clean_cnic(self):
        value = self.cleaned_data.get("cnic", "")
        return validate_cnic(value) if value else ""

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        return validate_phone(value) if value else ""

    def clean_estimated_age(self):
        age = self.cleaned_data.get("estimated_age")
        if age is not None and age > 110:
            raise forms.ValidationError(_("Enter an age between 0 and 110."))
        return age

    def _clean_dates_and_age(self, cleaned):
        for name in ("intake_date", "date_of_birth"):
            value = cleaned.get(name)
            if value:
                try:
                    validate_not_future(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        born, age = cleaned.get("date_of_birth"), cleaned.get("estimated_age")
        if born and age is not None and abs(age_on(born, timezone.localdate()) - age) > 1:
            self.add_error(
                "estimated_age",
                _("The age does not match the date of birth (%(age)s years old today).")
                % {"age": age_on(born, timezone.localdate())},
            )
        if (
            self._saves("full_name", "alias")
            and not cleaned.get("full_name")
            and not cleaned.get("alias")
        ):
            self.add_error("alias", _("Give a name or an alias, so the case can be found again."))
        # The quick intake asks for consent; the case file keeps what was recorded.
        asks_consent = "consent_record" in self.fields
        consent = cleaned.get("consent_record") if asks_consent else self.instance.consent_record
        if (
            consent is False
            and self._saves("full_name", "cnic", "phone")
            and (cleaned.get("full_name") or cleaned.get("cnic") or cleaned.get("phone"))
        ):
            self.add_error(
                "consent_record" if asks_consent else None,
                _(
                    "Without consent to record, leave the name, CNIC and phone empty "
                    "and use an alias."
                ),
            )
        return cleaned

    def _saves(self, *names: str) -> bool:
        """Whether this submission writes any of these fields (the case file saves by section)."""
        return True


class QuickIntakeForm(SurvivorValidationMixin, forms.ModelForm):
    """A helpline call or a walk-in: what is needed to act now, in about a minute. Consent comes
    first, before anything about the person is typed."""

    idempotency_key = SubmitKeyField()

    consent_record = forms.TypedChoiceField(
        label=_("Does the person agree to us recording their details?"),
        help_text=_(
            "Yes lets us keep their name, phone and CNIC in this case file; with No, use an "
            "alias and write nothing that identifies them."
        ),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    consent_share_coalition = forms.TypedChoiceField(
        label=_("Does the person agree to us sharing their case with coalition members?"),
        help_text=_(
            "Yes lets us refer them to another member organisation for a service, sharing only "
            "what that referral needs; with No, the case stays with your organisation."
        ),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    current_district = DistrictField(label=_("District where the person is now"))

    class Meta:
        model = Case
        fields = [
            "consent_record",
            "consent_share_coalition",
            "intake_channel",
            "full_name",
            "alias",
            "sex",
            "gender_identity",
            "estimated_age",
            "phone",
            "cnic",
            "origin_province",
            "current_district",
            "current_location",
            "summary",
            "risk_level",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "estimated_age": forms.NumberInput(
                attrs={"min": 0, "max": 110, "inputmode": "numeric"}
            ),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "cnic": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "data-suggests-province": ""}
            ),
            "full_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "summary": _("One sentence: what happened, what is needed now."),
            "alias": _("A name to use if the real name must not be written down."),
            "cnic": _("13 digits. Its first digit suggests the province of origin."),
            "current_location": _("The place within the district, if the person is safe to say."),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_share_coalition") and not cleaned.get("consent_record"):
            self.add_error(
                "consent_share_coalition",
                _("Sharing needs consent to record first: without it there is nothing to share."),
            )
        if cleaned.get("cnic") and not cleaned.get("origin_province"):
            cleaned["origin_province"] = province_of_cnic(cleaned["cnic"])
        return self._clean_dates_and_age(cleaned)


# The case file form, section by section, in page order.
CASE_FILE_SECTIONS = [
    (
        "intake",
        _("Intake"),
        [
            "intake_date",
            "intake_channel",
            "risk_level",
            "summary",
            "current_district",
            "current_location",
            "next_follow_up",
        ],
    ),
    (
        "survivor",
        _("The survivor"),
        [
            "full_name",
            "alias",
            "relative_name",
            "sex",
            "gender_identity",
            "date_of_birth",
            "estimated_age",
            "nationality",
            "cnic",
            "phone",
            "origin_province",
            "origin_district",
            "has_disability",
            "disability",
        ],
    ),
    (
        "exploitation",
        _("The exploitation"),
        [
            "trafficking_status",
            "status_decided_by",
            "case_type",
            "scope",
            "exploitation_types",
            "labour_industry",
            "means_of_control",
            "recruitment_method",
            "recruitment_place",
            "recruiter_relation",
            "destination_country",
            "route",
            "exploitation_location",
        ],
    ),
    ("needs", _("Needs"), ["needs", "needs_notes"]),
]


class CaseForm(SurvivorValidationMixin, forms.ModelForm):
    """The full case file, completed after intake."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    # Set when a save was refused because someone else saved first: the version whose changes
    # the person has now been shown. Saving again is then saving over those changes knowingly.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    exploitation_types = forms.MultipleChoiceField(
        label=_("Types of exploitation"),
        choices=v.ExploitationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    means_of_control = forms.MultipleChoiceField(
        label=_("Means of control"),
        choices=v.MeansOfControl.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        choices=v.Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    current_district = DistrictField(label=_("District where the person is now"))
    origin_district = DistrictField(label=_("District of origin"))

    class Meta:
        model = Case
        fields = [
            name
            for _key, _title, names in CASE_FILE_SECTIONS
            for name in names
            if name not in FACET_FIELDS
        ]
        widgets = {
            "intake_date": DATE_INPUT,
            "date_of_birth": DATE_INPUT,
            "next_follow_up": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "needs_notes": forms.Textarea(attrs={"rows": 2}),
            "cnic": forms.TextInput(attrs={"placeholder": "12345-1234567-1", "dir": "ltr"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr"}),
        }

    SECTIONS = CASE_FILE_SECTIONS

    def __init__(self, *args, instance: Case, section: str = "", **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("version", instance.version)
        for name, facet in FACET_FIELDS.items():
            initial.setdefault(name, instance.facet_values(facet))
        super().__init__(*args, instance=instance, **kwargs)
        for name in ("current_district", "origin_district"):
            self.fields[name].keep(getattr(instance, name))
        # A section's own Save button sends its key: only that section's answers are checked and
        # saved; the others stay as typed, unsaved. Without it the whole file is saved.
        sections = {key: (title, set(names)) for key, title, names in self.SECTIONS}
        self.section = section if section in sections else ""
        self.section_title, self._section_names = sections.get(self.section, ("", set()))

    def sections(self) -> list[CaseFileSection]:
        return [
            CaseFileSection(key, title, [self[name] for name in names])
            for key, title, names in self.SECTIONS
        ]

    def _saves(self, *names: str) -> bool:
        return not self.section or bool(self._section_names.intersection(names))

    def full_clean(self):
        super().full_clean()
        if self.section and self._errors:
            for name in [n for n in self._errors if n != NON_FIELD_ERRORS and not self._saves(n)]:
                del self._errors[name]

    def unsaved_elsewhere(self) -> list[str]:
        """Fields outside the saved section whose answers differ from the case as it was."""
        return [name for name in self.changed_data if not self._saves(name)]

    def clean(self):
        cleaned = self._clean_dates_and_age(super().clean())
        # Domestic servitude is labour too: its industry is, naturally, domestic work.
        labour = {
            v.ExploitationType.FORCED_LABOUR,
            v.ExploitationType.BONDED_LABOUR,
            v.ExploitationType.DOMESTIC_SERVITUDE,
        }
        if cleaned.get("labour_industry") and not labour & set(
            cleaned.get("exploitation_types", [])
        ):
            self.add_error(
                "labour_industry",
                _(
                    "The industry is for forced or bonded labour or domestic servitude: tick "
                    "one of those first."
                ),
            )
        if cleaned.get("scope") == v.Scope.INTERNAL and cleaned.get("destination_country") not in (
            "",
            None,
            "Pakistan",
        ):
            self.add_error(
                "destination_country",
                _(
                    "An internal case stays in Pakistan: clear the destination country or choose "
                    "cross-border."
                ),
            )
        return cleaned

    def facets(self) -> dict[str, list[str]]:
        return {
            facet: self.cleaned_data.get(name, [])
            for name, facet in FACET_FIELDS.items()
            if self._saves(name)
        }

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if self._saves(name)}

    def expected_version(self) -> int:
        return self.cleaned_data.get("seen_version") or self.cleaned_data["version"]

    def conflicts_with(self, current: Case) -> list[tuple[str, str, str]]:
        """Fields where the case as saved now differs from this form's answer: (label, saved,
        yours), in words, for the person to compare before saving over them."""
        rows = []
        for name, mine in self.changes().items():
            saved = getattr(current, name)
            if saved != mine:
                field = self.fields[name]
                rows.append((str(field.label), _shown(field, saved), _shown(field, mine)))
        for name, facet in FACET_FIELDS.items():
            if not self._saves(name):
                continue
            saved, mine = set(current.facet_values(facet)), set(self.cleaned_data.get(name, []))
            if saved != mine:
                field = self.fields[name]
                rows.append((str(field.label), _shown(field, saved), _shown(field, mine)))
        return rows


def _shown(field, value) -> str:
    choices = dict(getattr(field, "choices", ()) or ())
    if isinstance(value, set | list | tuple):
        return ", ".join(sorted(str(choices.get(item, item)) for item in value)) or "—"
    if value in (None, ""):
        return "—"
    return str(choices.get(value, value))


class ConsentForm(forms.Form):
    """What the survivor said about consent: the kind of event, and the scope it leaves."""

    kind = forms.ChoiceField(
        label=_("What did the person say?"),
        choices=ConsentEvent.Kind.choices,
        widget=forms.RadioSelect,
    )
    record = forms.BooleanField(
        label=_("Consents to the case being recorded"),
        required=False,
        help_text=_(
            "A withdrawal ends both kinds of sharing whatever is ticked here; the case stays "
            "recorded."
        ),
    )
    share_coalition = forms.BooleanField(
        label=_("Consents to sharing with coalition members"), required=False
    )
    share_law_enforcement = forms.BooleanField(
        label=_("Consents to sharing with police or FIA"), required=False
    )
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT, validators=[validate_not_future])
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How the person gave or withdrew consent (in person, by phone). No details."),
    )

    def __init__(self, *args, case: Case, **kwargs):
        initial = kwargs.setdefault("initial", {})
        withdrawn = case.consent_withdrawn_at is not None
        initial.setdefault("kind", ConsentEvent.Kind.RENEWED if withdrawn else None)
        initial.setdefault("record", case.consent_record)
        initial.setdefault("share_coalition", case.consent_share_coalition and not withdrawn)
        initial.setdefault("share_law_enforcement", case.consent_share_law_enforcement)
        initial.setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ResolvePossibleDuplicateForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=500,
        help_text=_("For example: the two organisations were put in touch. No personal details."),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Caseworker"), queryset=Staff.objects.none())

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_caseworkers(case.organization_id)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (v.CaseStatus.OPEN, v.CaseStatus.OPEN.label),
            (v.CaseStatus.ACTIVE, v.CaseStatus.ACTIVE.label),
        ],
    )


class ClosureRequestForm(forms.Form):
    # No reason chosen for the caseworker: the first one was sent unread.
    reason = forms.ChoiceField(
        label=_("Why close the case?"), choices=[("", "—"), *v.ClosureReason.choices]
    )
    note = forms.CharField(
        label=_("Note for the supervisor"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=LONG_TEXT,
    )


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("What still needs doing"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen the case?"), max_length=300)


class NoteForm(forms.ModelForm):
    idempotency_key = SubmitKeyField()

    class Meta:
        model = Note
        fields = ["kind", "text", "confidential"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class FollowUpForm(PlainRenderedForm):
    """Drawn on every view of the case page: without templates."""

    next_follow_up = forms.DateField(
        label=_("Next follow-up"),
        widget=PlainDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
    )


class DocumentForm(forms.ModelForm):
    upload = forms.FileField(label=_("File"), help_text=_("PDF, JPG or PNG, at most 10 MB."))

    class Meta:
        model = Document
        fields = ["doc_type", "description", "confidential"]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        checked = check_document(upload)
        self.content_type = checked.content_type
        return checked.content


class ServiceDeliveryForm(forms.ModelForm):
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.filter(active=True)
    )

    class Meta:
        model = ServiceDelivery
        fields = ["service", "delivered_on", "description"]
        widgets = {"delivered_on": DATE_INPUT}

    def clean_delivered_on(self):
        value = self.cleaned_data["delivered_on"]
        validate_not_future(value)
        return value


class LegalProceedingForm(forms.ModelForm):
    class Meta:
        model = LegalProceeding
        fields = [
            "authority",
            "law",
            "sections",
            "complaint_number",
            "fir_number",
            "fir_date",
            "police_station",
            "investigating_officer",
            "court",
            "stage",
            "outcome",
            "outcome_date",
        ]
        widgets = {
            "fir_date": DATE_INPUT,
            "outcome_date": DATE_INPUT,
            "police_station": DatalistInput(FIA_AHT_CIRCLES + POLICE_STATIONS),
        }
        help_texts = {
            "authority": _(
                "Provincial police usually register internal cases; the FIA registers "
                "cross-border trafficking and migrant smuggling."
            ),
            "sections": _("For example: PTPA 2018 s.3; PPC 370"),
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            suggested = (
                v.LegalAuthority.FIA
                if case.scope == v.Scope.TRANSNATIONAL or case.case_type != v.CaseType.TRAFFICKING
                else v.LegalAuthority.POLICE
            )
            self.initial.setdefault("authority", suggested)
            self.initial.setdefault(
                "law",
                v.Law.PSMA_2018
                if case.case_type == v.CaseType.MIGRANT_SMUGGLING
                else v.Law.PTPA_2018,
            )

    def clean(self):
        cleaned = super().clean()
        for name in ("fir_date", "outcome_date"):
            if cleaned.get(name):
                try:
                    validate_not_future(cleaned[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        stage = cleaned.get("stage")
        past_fir = stage and v.LegalStage.ORDER.index(stage) >= v.LegalStage.ORDER.index(
            v.LegalStage.FIR
        )
        if past_fir and not cleaned.get("fir_number"):
            self.add_error("fir_number", _("From the FIR stage on, enter the FIR number."))
        outcome = cleaned.get("outcome")
        verdicts = (v.LegalOutcome.CONVICTION, v.LegalOutcome.ACQUITTAL)
        if outcome in verdicts and stage != v.LegalStage.VERDICT:
            self.add_error("stage", _("A conviction or acquittal comes with the verdict stage."))
        return cleaned


class HearingForm(forms.ModelForm):
    class Meta:
        model = Hearing
        fields = ["date", "purpose", "result"]
        widgets = {"date": DATE_INPUT}


class FirstHearingForm(forms.Form):
    """On the new-FIR page: the first hearing, when its date is already known."""

    date = forms.DateField(label=_("First hearing date"), required=False, widget=DATE_INPUT)
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=200)


class CaseFilterForm(PlainRenderedForm):
    """Drawn on every view of the case list: its fields render without templates."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_(
            "Case number, whole words of the name or alias, or an exact CNIC or phone number."
        ),
        widget=PlainTextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *v.CaseStatus.choices],
        widget=PlainSelect,
    )
    exploitation = forms.ChoiceField(
        label=_("Exploitation"),
        required=False,
        choices=[("", _("Any type")), *v.ExploitationType.choices],
        widget=PlainSelect,
    )
    province = forms.ChoiceField(label=_("Province of origin"), required=False, widget=PlainSelect)
    assigned_to = forms.TypedChoiceField(
        label=_("Caseworker"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PlainSelect,
    )
    risk = forms.ChoiceField(
        label=_("Risk"),
        required=False,
        choices=[("", _("Any risk")), *v.RiskLevel.choices],
        widget=PlainSelect,
    )
    overdue = forms.BooleanField(
        label=_("Follow-up overdue"), required=False, widget=PlainCheckboxInput
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("number", _("Case number")),
            ("risk", _("Highest risk first")),
            ("follow_up", _("Follow-up date")),
        ],
        widget=PlainSelect,
    )

    def __init__(self, *args, caseworkers=list, **kwargs):
        from members.geography import Province

        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Any province")), *Province.choices]
        # `caseworkers()` gives (staff id, name) pairs, asked for only when the form is drawn
        # or a caseworker is filtered by (the list keeps the unfiltered form's markup), and
        # then once: drawing the select and checking a value each read the choices again.
        self.fields["assigned_to"].choices = cache(lambda: [("", _("Anyone")), *caseworkers()])


class ErasureForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are the identifying details erased?"),
        choices=v.ERASURE_REASONS_ON_REQUEST,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("I understand that the erased details and documents cannot be brought back."),
    )
