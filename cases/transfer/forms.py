from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.validators import MEDIUM_TEXT
from members.models import Organization, Staff
from members.queries import assignable_caseworkers

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProposeTransferForm(forms.Form):
    to_organization = forms.ModelChoiceField(
        label=_("Transfer to"), queryset=Organization.objects.none()
    )
    reason = forms.CharField(
        label=_("Why the case should move"),
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The receiving supervisor reads this to decide. Write no names."),
    )
    consent = forms.BooleanField(
        label=_("The person agrees to their whole file moving to that organisation"),
        required=True,
    )
    consent_given_on = forms.DateField(
        label=_("The person agreed on"), widget=DATE_INPUT, initial=timezone.localdate
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].queryset = Organization.objects.filter(active=True).exclude(
            pk=case.organization_id
        )
        self.fields["to_organization"].label_from_instance = lambda o: f"{o.short_name}: {o.name}"


class AcceptTransferForm(forms.Form):
    assign_to = forms.ModelChoiceField(
        label=_("Give the case to"),
        queryset=Staff.objects.none(),
        required=False,
        empty_label=_("Nobody yet: I will assign it later"),
    )

    def __init__(self, *args, organization_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assign_to"].queryset = assignable_caseworkers(organization_id)
        self.fields["assign_to"].label_from_instance = lambda s: s.display_name


class DeclineTransferForm(forms.Form):
    note = forms.CharField(
        label=_("Why not (the proposing organisation reads this)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
