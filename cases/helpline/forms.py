"""The call log's forms: a call in under a minute, and the case number to attach it to."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.forms import SubmitKeyField

from ..forms import QuickIntakeForm
from .models import CallOutcome, HelplineCall

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(forms.ModelForm):
    idempotency_key = SubmitKeyField()

    class Meta:
        model = HelplineCall
        fields = [
            "called_at",
            "caller_type",
            "language",
            "request",
            "outcome",
            "province",
            "district",
            "duration_minutes",
            "callback_due",
        ]
        widgets = {
            "called_at": DATETIME_INPUT,
            "callback_due": DATETIME_INPUT,
            "caller_type": forms.RadioSelect,
            "request": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "duration_minutes": forms.NumberInput(
                attrs={"min": 0, "max": 600, "inputmode": "numeric"}
            ),
        }
        help_texts = {
            "called_at": _("Leave as it is for a call just taken."),
            "district": _("Where the caller is, if they say. No names, no phone numbers."),
            "callback_due": _("Only when someone must call back."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["called_at"].required = False
        self.fields["called_at"].initial = lambda: timezone.localtime().replace(
            second=0, microsecond=0
        )
        self.fields["request"].choices = self.fields["request"].choices[1:]  # no empty radio
        # "Case opened" is what opening a case from the call records, not a choice here.
        self.fields["outcome"].choices = [
            (value, text)
            for value, text in self.fields["outcome"].choices[1:]
            if value != CallOutcome.CASE_OPENED
        ]
        self.fields["duration_minutes"].max_value = 600

    def clean(self):
        cleaned = super().clean()
        due = cleaned.get("callback_due")
        if cleaned.get("outcome") == CallOutcome.CALL_BACK and not due:
            self.add_error("callback_due", _("Say by when to call back."))
        if due and due < timezone.now():
            self.add_error("callback_due", _("A call-back cannot be due in the past."))
        return cleaned


class AttachForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )


class CallIntakeForm(QuickIntakeForm):
    """The quick intake from a call, which also asks whether the caller may be referred on:
    most helpline callers are, for free legal aid."""

    consent_share_coalition = forms.TypedChoiceField(
        label=_("Does the person agree to their details being shared with a member who can help?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    class Meta(QuickIntakeForm.Meta):
        fields = [*QuickIntakeForm.Meta.fields, "consent_share_coalition"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_share_coalition") and cleaned.get("consent_record") is False:
            self.add_error(
                "consent_share_coalition",
                _("Sharing needs the person's consent to record their details first."),
            )
        return cleaned
