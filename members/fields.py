"""Form fields for places: a district picked from the list in members/data/districts.csv."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .geography import district_choices


class DistrictField(forms.ChoiceField):
    """A <select> of Pakistan's districts grouped by province, in the reader's language; it
    stores the district's code. Works without JavaScript."""

    def __init__(self, *, legacy: str = "", **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=lambda: self._choices_with(legacy), **kwargs)

    @staticmethod
    def _choices_with(legacy: str) -> list:
        choices = [("", _("Choose a district")), *district_choices()]
        if legacy:  # free text from before the list: kept until someone picks a district
            choices.append((legacy, legacy))
        return choices

    def keep(self, value: str) -> None:
        """Offer a stored value that is not (yet) a district of the list, so saving keeps it."""
        from .geography import district

        if value and district(value) is None:
            self.choices = self._choices_with(value)
