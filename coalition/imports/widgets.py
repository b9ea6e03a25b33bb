"""Reading the cells of members' spreadsheets: Pakistani dates, Urdu digits, labels in either
language. Each widget raises ValueError with a message for the person, in their language."""

import re
import unicodedata
from datetime import date, datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import widgets


def ascii_digits(text: str) -> str:
    """Urdu (and Arabic-Indic) digits as ASCII digits; everything else as it is."""
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text
    )


_DATE = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> date:
    """dd/mm/yyyy, dd-mm-yyyy, dd-mm-yy (and dd.mm.yyyy), or yyyy-mm-dd; a two-digit year is
    in this century unless that would be in the future."""
    value = ascii_digits(text).strip()
    match = _DATE.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            today = timezone.localdate()
            year += 2000
            if year > today.year:
                year -= 100
    else:
        match = _ISO.match(value)
        if not match:
            raise ValueError(_("Write the date as dd/mm/yyyy, for example 25/03/2021."))
        year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("There is no such date: %(value)s.") % {"value": text}) from None


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return parse_date(str(value))

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class TextWidget(widgets.CharWidget):
    def __init__(self, *, max_length: int | None = None, digits: bool = False, **kwargs):
        super().__init__(allow_blank=True, **kwargs)
        self.max_length = max_length
        self.digits = digits

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if self.digits:
            text = ascii_digits(text)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(
                _("At most %(n)d characters; this has %(m)d.")
                % {"n": self.max_length, "m": len(text)}
            )
        return text


class NumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = ascii_digits("" if value is None else str(value)).strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(_("Write a whole number, such as 12."))
        return int(text)


class ChoiceWidget(widgets.Widget):
    """A code, or its label in English or Urdu, of a TextChoices."""

    def __init__(self, choices, *, required: bool = False, default: str = "", **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.required = required
        self.default = default
        self._known: dict[str, str] | None = None

    def _lookup(self) -> dict[str, str]:
        if self._known is not None:
            return self._known
        known = {}
        for code, label in self.choices.choices:
            known[code.casefold()] = code
            for language in ("en", "ur"):
                with translation.override(language):
                    known[str(label).strip().casefold()] = code
        self._known = known
        return known

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.required:
                raise ValueError(_("This column must be filled in."))
            return self.default
        code = self._lookup().get(text.casefold())
        if code is None:
            raise ValueError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {
                    "value": text[:40],
                    "choices": ", ".join(code for code, _label in self.choices.choices),
                }
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


class YesNoWidget(widgets.Widget):
    YES = {"yes", "y", "true", "1", "ہاں", "جی ہاں"}
    NO = {"no", "n", "false", "0", "نہیں", ""}

    def clean(self, value, row=None, **kwargs):
        text = ascii_digits("" if value is None else str(value)).strip().casefold()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("Write yes or no."))

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"
