"""The reports' period pickers: a calendar month, quarter or year, and a province or all.

Only the fixed family of periods of rounding.py can be chosen: no days, no years out of range.
"""

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from members.geography import Province

from .scope import Period

WHOLE_YEAR = "year"
QUARTERS = {
    "q1": (1, _("January to March")),
    "q2": (2, _("April to June")),
    "q3": (3, _("July to September")),
    "q4": (4, _("October to December")),
}
PARTS = [
    (WHOLE_YEAR, _("Whole year")),
    (_("Quarters"), [(key, label) for key, (_number, label) in QUARTERS.items()]),
    (_("Months"), [(f"m{number:02d}", name) for number, name in MONTHS.items()]),
]
DAYS_REFUSED = _(
    "Reports cover a whole month, quarter or year, not chosen days, so that no one can be found "
    "by comparing two reports. Choose a year and a month or quarter."
)
YEAR_OUT_OF_RANGE = _("Choose a year from %(first)s to %(last)s.")


class YearForm(forms.Form):
    """A field of a calendar year of `years()`, the form's first; never a range of days."""

    @staticmethod
    def years() -> range:
        return Period.years()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Counted on each request: the years end with the current one, not with the import's.
        years = self.years()
        year = forms.TypedChoiceField(
            label=_("Year"),
            choices=[(year, str(year)) for year in reversed(years)],
            coerce=int,
            error_messages={
                "invalid_choice": YEAR_OUT_OF_RANGE % {"first": years[0], "last": years[-1]}
            },
        )
        self.fields = {"year": year, **self.fields}

    def clean(self):
        data = super().clean()
        if "start" in self.data or "end" in self.data:
            raise forms.ValidationError(DAYS_REFUSED, code="days")
        return data


class DatasetYearForm(YearForm):
    """The year of a CTDC dataset: a whole calendar year that has ended."""

    @staticmethod
    def years() -> range:
        return Period.ended_years()

    @classmethod
    def latest(cls) -> "DatasetYearForm":
        return cls(initial={"year": cls.years()[-1]})

    def period(self) -> Period:
        return Period.year(self.cleaned_data["year"])


class PeriodForm(YearForm):
    """A month, quarter or year and a province: the dashboard's filters, and what a stored
    report covers."""

    part = forms.ChoiceField(label=_("Month or quarter"), choices=PARTS, initial=WHOLE_YEAR)
    province = forms.ChoiceField(
        label=_("Province of origin"),
        choices=[("", _("All provinces")), *Province.choices],
        required=False,
    )

    @classmethod
    def showing(cls, period: Period) -> "PeriodForm":
        """An unbound form showing `period` (one of the family)."""
        return cls(
            initial={
                "year": period.start.year,
                "part": part_of(period),
                "province": period.province,
            }
        )

    def period(self) -> Period:
        data = self.cleaned_data
        year, part, province = data["year"], data["part"], data.get("province") or ""
        if part == WHOLE_YEAR:
            return Period.year(year, province)
        if part in QUARTERS:
            return Period.quarter(year, QUARTERS[part][0], province)
        return Period.month(year, int(part[1:]), province)


def part_of(period: Period) -> str:
    if period == Period.year(period.start.year, period.province):
        return WHOLE_YEAR
    if period.start.month == period.end.month:
        return f"m{period.start.month:02d}"
    return f"q{(period.start.month + 2) // 3}"


def period_form(data) -> tuple[PeriodForm | None, Period]:
    """The form bound to the query string, and the period it chose: the default one when the
    query string is wrong. None and the default period when the query string is empty: an
    unbound form has nothing to say that the fields drawn for the period do not (building one
    is most of a cached dashboard's view, about 0.4 ms)."""
    default = Period.default()
    if not data:
        return None, default
    form = PeriodForm(data)
    return form, form.period() if form.is_valid() else default
