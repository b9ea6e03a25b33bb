from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import throttle
from .idempotency import new_key
from .middleware import client_ip
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


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing before the password is checked when the address or the
    name has failed too often (coalition/throttle.py)."""

    def clean(self):
        request = self.request
        if throttle.address_refused(client_ip(request)):
            raise ValidationError(
                _(
                    "Too many failed sign-ins from this network. Try again in %(minutes)d "
                    "minutes, or ask your organisation's admin for help."
                ),
                code="address_throttled",
                params={"minutes": settings.AXES_COOLOFF_TIME.total_seconds() // 60},
            )
        wait = throttle.seconds_to_wait(request, self.cleaned_data.get("username", ""))
        if wait:
            raise ValidationError(
                _(
                    "Too many failed sign-ins for this account. Wait %(seconds)d seconds and "
                    "try again."
                ),
                code="name_delayed",
                params={"seconds": wait},
            )
        return super().clean()


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
