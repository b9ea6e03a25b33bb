from django import forms
from django.utils.translation import gettext_lazy as _

from members.geography import Province

from .scope import Period

MAX_DAYS = 366 * 5


class PeriodForm(forms.Form):
    """A period and a province: the dashboard's filters, and what a stored report covers."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    province = forms.ChoiceField(
        label=_("Province of origin"),
        choices=[("", _("All provinces")), *Province.choices],
        required=False,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end of the period is before its start."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of five years or less."))
        return data

    def period(self) -> Period:
        data = self.cleaned_data
        return Period(data["start"], data["end"], data.get("province") or "")


def period_form(data) -> tuple[PeriodForm, Period]:
    """The form bound to the query string (the default period when it has none), and the
    period it chose: the default one when the query string is missing or wrong."""
    default = Period.default()
    if not data:
        initial = {"start": default.start, "end": default.end, "province": ""}
        return PeriodForm(initial=initial), default
    form = PeriodForm(data)
    return form, form.period() if form.is_valid() else default
