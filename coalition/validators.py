"""Length limits on free text: every text a person writes has one, checked in forms and models.

A field that took anything once stored a 9.9 MB summary. Limits are generous for what each field
is for; a longer account belongs in several notes or a document.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Summaries, notes, closure notes: a page or two of writing.
LONG_TEXT = 5000
# Why a referral is made, a service's description.
MEDIUM_TEXT = 2000
# Short answers and explanations.
SHORT_TEXT = 1000


class MaxTextLength(MaxLengthValidator):
    """Django's length check, with its message (Django's own words, the same as a form field's
    max_length gives) in the project's catalogue: Django ships no Urdu for it."""

    message = ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    )


# Dates people type: a year outside these is a typing slip (or a probe), and a date near the
# calendar's end overflows the period arithmetic of reports.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


def validate_sensible_year(value) -> None:
    if value is not None and not (EARLIEST_YEAR <= value.year <= LATEST_YEAR):
        raise ValidationError(
            _("Enter a date between the years %(earliest)d and %(latest)d."),
            code="year_out_of_range",
            params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


def bound_every_date_input() -> None:
    """Every date field of every form (model forms' included) checks the year: set once, at
    start-up, on Django's form DateField, so that no form can forget it."""
    if validate_sensible_year not in forms.DateField.default_validators:
        forms.DateField.default_validators = [
            *forms.DateField.default_validators,
            validate_sensible_year,
        ]
