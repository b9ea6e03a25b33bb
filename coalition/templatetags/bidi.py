"""Numbers kept in reading order inside right-to-left text.

In an Urdu sentence a phone number, a date or a case number is a left-to-right island; left to
the Unicode bidi algorithm, "+92 300 1234567" shows as "1234567 300 92+". `ltr_numbers` isolates
each such run in `<bdi dir="ltr">`; `ltr` isolates one value, `ltr_text` one value in an email.
"""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi

register = template.Library()

# On escaped text: a run that starts and ends with a Latin letter or digit (after an optional
# "+" or "<") and holds a digit: "+92 300 1234567", "2026-11-26", "SAHIL-2026-000001", "<11".
LATIN_RUN = re.compile(r"(?:&lt;|\+)?[0-9A-Za-z](?:[0-9A-Za-z\-/:.+ ]*[0-9A-Za-z])?")


def _isolate(match: re.Match) -> str:
    run = match.group(0)
    if not any(ch.isdigit() for ch in run):
        return run
    return f'<bdi dir="ltr">{run}</bdi>'


@register.filter(is_safe=True)
def ltr_numbers(text) -> str:
    """Escape `text` and isolate every run holding digits."""
    # Safe: the text is escaped first, and the runs wrapped hold only letters and digits.
    return mark_safe(LATIN_RUN.sub(_isolate, str(conditional_escape(text))))  # noqa: S308


@register.filter(is_safe=True)
def ltr(value) -> str:
    """One value (a phone, a CNIC, a case number, a date) isolated as left to right."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def ltr_text(value) -> str:
    """For plain text (an email), one value isolated as left to right with Unicode's own marks
    (U+2066 ... U+2069), in a right-to-left language only. HTML uses `ltr`."""
    if value in (None, ""):
        return ""
    if not get_language_bidi():
        return str(value)
    return f"\u2066{value}\u2069"


@register.filter
def phone_number(value: str) -> str:
    """A stored number as people write it: "+923001234567" as "+92 300 1234567"."""
    if value and value.startswith("+92") and len(value) == 13:
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    return value or ""
