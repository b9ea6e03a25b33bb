from django import forms
from django.utils.formats import date_format
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
        label = f"{organization.short_name}: {organization.display_name}"
        if getattr(organization, "offers_here", 0):
            label = _("%(organization)s (offers it where the person is from)") % {
                "organization": label
            }
        capacity = capacity_note(organization)
        return f"{label} · {capacity}" if capacity else label


def capacity_note(organization) -> str:
    """The receiver's free places as it last recorded them, with a warning when they are full
    or older than CAPACITY_STALE_DAYS."""
    if organization.capacity_updated_on is None:
        return str(_("capacity not recorded"))
    parts = []
    if organization.shelter_beds_free is not None:
        parts.append(_("shelter beds free: %(n)d") % {"n": organization.shelter_beds_free})
    if organization.legal_aid_slots_free is not None:
        parts.append(_("legal aid slots free: %(n)d") % {"n": organization.legal_aid_slots_free})
    parts.append(
        _("updated %(date)s") % {"date": date_format(organization.capacity_updated_on, "j M Y")}
    )
    if organization.capacity_is_stale:
        parts.append(_("OUT OF DATE: ask before referring"))
    elif 0 in (organization.shelter_beds_free, organization.legal_aid_slots_free):
        parts.append(_("FULL: ask before referring"))
    return ", ".join(str(part) for part in parts)


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
