from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.forms import SubmitKeyField
from members.models import Organization, Service, Staff
from members.queries import assignable_caseworkers

from .models import DEFAULT_SHARED, SHARE_LABELS, DeclineReason, Outcome, Urgency


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service needed"), queryset=Service.objects.all())
    to_organization = forms.ModelChoiceField(
        label=_("Refer to"),
        queryset=Organization.objects.none(),
        help_text=_("Organisations offering the service where the person is from come first."),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE
    )
    reason = forms.CharField(
        label=_("Why this referral"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("What you ask the organisation to do. Do not repeat the case file here."),
    )
    sections = forms.MultipleChoiceField(
        label=_("Parts of the case file to share"),
        choices=list(SHARE_LABELS.items()),
        initial=list(DEFAULT_SHARED),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Share only what the organisation needs. Confidential notes and documents are never "
            "shared."
        ),
    )
    idempotency_key = SubmitKeyField()

    def __init__(self, *args, case, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].queryset = organizations
        self.fields["to_organization"].label_from_instance = self.organization_label

    @staticmethod
    def organization_label(organization) -> str:
        label = f"{organization.short_name}: {organization.name}"
        if getattr(organization, "offers_here", 0):
            return _("%(organization)s (offers it where the person is from)") % {
                "organization": label
            }
        return label


class AcceptForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label=_("Caseworker who will work this referral"),
        queryset=Staff.objects.none(),
        required=False,
        help_text=_("Optional. The referral desk and supervisors always see it."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = assignable_caseworkers(organization.pk)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why decline?"), choices=DeclineReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Why withdraw?"), required=False, max_length=1000)
