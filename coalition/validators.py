"""Length limits on free text: every text a person writes has one, checked in forms and models.

A field that took anything once stored a 9.9 MB summary. Limits are generous for what each field
is for; a longer account belongs in several notes or a document.
"""

from django.core.validators import MaxLengthValidator
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
