from django import forms
from django.utils.translation import gettext_lazy as _

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
