from django import forms
from django.utils.translation import gettext_lazy as _

from .idempotency import new_key
from .models import AccessLog


class AccessLogFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Any action")), *AccessLog.Action.choices],
    )
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    case = forms.CharField(label=_("Case number"), required=False, max_length=40)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class SubmitKeyField(forms.CharField):
    """The hidden one-time key of a create form (coalition.idempotency): each form shown gets a
    new one, and a form sent again keeps the one it was sent with."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("label", "")
        kwargs.setdefault("initial", new_key)
        super().__init__(**kwargs)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
