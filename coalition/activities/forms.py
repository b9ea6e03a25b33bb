"""Forms of the activities app. They validate and clean; the services write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.forms import SubmitKeyField
from coalition.uploads import check_document
from members.geography import Province
from members.models import Organization, Staff

from .models import Activity, FundingCall, Stakeholder
from .vocabularies import SEXES, BidStatus, FileKind, ParticipantGroup, Topic

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_PARTICIPANTS = 1_000_000


class ActivityForm(forms.ModelForm):
    idempotency_key = SubmitKeyField()
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple,
        required=False,
    )  # fmt: skip

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "province",
            "district",
            "venue",
            "co_organizers",
            "partners",
            "outcomes",
            "recommendations",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "co_organizers": forms.CheckboxSelectMultiple,
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "recommendations": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "ends_on": _("Only for an activity of more than one day."),
            "partners": _("Institutions from the stakeholder register that took part."),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_organizers"].queryset = Organization.objects.filter(active=True).exclude(
            pk=organization.pk
        )
        self.fields["partners"].queryset = Stakeholder.objects.order_by("name")
        if self.instance.pk:
            self.fields.pop("idempotency_key")
            self.initial["topics"] = list(self.instance.topics.values_list("topic", flat=True))

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first."))
        return cleaned


def participant_field(group: str, sex: str) -> str:
    return f"{group}__{sex}"


class ParticipantsForm(forms.Form):
    """How many people of each group took part, by sex: numbers only, never names."""

    def __init__(self, *args, activity: Activity | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {}
        if activity is not None and activity.pk:
            existing = {row.group: row for row in activity.participation.all()}
        for group, group_label in ParticipantGroup.choices:
            for sex, sex_label in SEXES:
                name = participant_field(group, sex)
                self.fields[name] = forms.IntegerField(
                    label=f"{group_label}: {sex_label}",
                    min_value=0,
                    max_value=MAX_PARTICIPANTS,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                )
                if group in existing:
                    self.initial[name] = getattr(existing[group], sex)

    def groups(self):
        """(label, [bound fields by sex]) for the template: one row per group."""
        return [
            (label, [self[participant_field(group, sex)] for sex, _l in SEXES])
            for group, label in ParticipantGroup.choices
        ]

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            group: {
                sex: self.cleaned_data.get(participant_field(group, sex)) or 0
                for sex, _label in SEXES
            }
            for group, _label in ParticipantGroup.choices
        }


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Staff.objects.none())
    due_on = forms.DateField(label=_("Due on"), widget=DATE_INPUT)

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        organisers = [
            activity.organization_id,
            *activity.co_organizers.values_list("pk", flat=True),
        ]
        self.fields["owner"].queryset = (
            Staff.objects.filter(organization__in=organisers, user__is_active=True)
            .select_related("user", "organization")
            .order_by("organization__short_name", "user__username")
        )
        self.fields["owner"].label_from_instance = lambda s: f"{s.display_name} ({s.organization})"


class CommitmentForm(forms.Form):
    stakeholder = forms.ModelChoiceField(
        label=_("Institution"), queryset=Stakeholder.objects.order_by("name")
    )
    text = forms.CharField(
        label=_("Commitment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FileKind.choices)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    upload = forms.FileField(label=_("File"), help_text=_("PDF, JPG or PNG, at most 10 MB."))

    def clean_upload(self):
        checked = check_document(self.cleaned_data["upload"])
        self.content_type = checked.content_type
        return checked.content


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "kind",
            "province",
            "public_role",
            "office_address",
            "office_email",
            "office_phone",
        ]


class FundingCallForm(forms.ModelForm):
    link = forms.URLField(label=_("Call's web page"), required=False, assume_scheme="https")

    class Meta:
        model = FundingCall
        fields = ["donor", "title", "theme", "deadline", "amount", "currency", "link", "notes"]
        widgets = {"deadline": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}


class BidForm(forms.Form):
    lead = forms.ModelChoiceField(
        label=_("Lead member"), queryset=Organization.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Bid status"), choices=BidStatus.choices)

    def __init__(self, *args, call: FundingCall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Organization.objects.filter(
            pk__in=call.interests.values("organization")
        )
        self.initial.setdefault("lead", call.lead_id)
        self.initial.setdefault("status", call.status)


def current_quarter() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1


class DonorReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[(0, _("Whole year")), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
    )
    province = forms.ChoiceField(
        label=_("Province"), choices=[("", _("All provinces")), *Province.choices], required=False
    )


def donor_report_form(data) -> DonorReportForm:
    """The form bound to the query string, this quarter filling in what was not asked. An
    invalid form keeps its errors for the page; the report then shows this quarter."""
    year, quarter = current_quarter()
    values = {"year": year, "quarter": quarter, "province": ""}
    values.update({key: data[key] for key in values if key in data})
    return DonorReportForm(values)
