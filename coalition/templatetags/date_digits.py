"""Django's `date` filter, with the formats written in digits only drawn directly.

Django's filter looks the format up among the localised ones, then builds a formatter that reads
the format letter by letter: about 25 µs a date. The case page draws twenty or more (its notes,
services, hearings and consent history), always as "Y-m-d", "Y-m-d H:i" or "c": numbers with no
month or day names, so nothing to translate. Those are drawn here in a microsecond, to the same
text; any other format, or a value that is not a date, is Django's filter, untouched.

A builtin of the template engine (TEMPLATES' `builtins` in coalition/settings.py): it replaces
Django's `date` in every template. As Django's, it receives times already in the site's time
zone (`expects_localtime`).
"""

from datetime import date as Date
from datetime import datetime as DateTime

from django import template
from django.template import defaultfilters

register = template.Library()


def _day(value: Date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _minute(value: DateTime) -> str:
    return f"{_day(value)} {value.hour:02d}:{value.minute:02d}"


# Django's format letters -> the same text, for the kinds of value each applies to.
DIGITS_ONLY = {
    "Y-m-d": (Date, _day),
    "Y-m-d H:i": (DateTime, _minute),
    "c": (Date, lambda value: value.isoformat()),  # a datetime's own, with its time
}


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    drawn = DIGITS_ONLY.get(arg)
    if drawn is not None and isinstance(value, drawn[0]):
        return drawn[1](value)
    return defaultfilters.date(value, arg)
