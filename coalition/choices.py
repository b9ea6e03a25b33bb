"""`get_FOO_display()` that translates one label, not all of them.

Django's own builds a dict of the field's choices on every call, and building it hashes every
label; a label is a lazy translation, and hashing one translates it. A list row showing a status
of six choices paid six catalogue lookups for one word. `quick_choice_displays()` puts in their
place a lookup in a dict of the choices built once: a row pays for the label it shows, and
only the first time in each language (a list page showed 50 labels, 50 catalogue lookups).
"""

from functools import partialmethod

from django.apps import apps
from django.utils.encoding import force_str
from django.utils.translation import get_language

# The apps of this project: third-party models keep Django's method.
PROJECT_APPS = frozenset({"coalition", "members", "cases", "referrals", "reports", "activities"})


def _quick_display(field):
    labels = dict(field.flatchoices)  # keyed by the values: no label is hashed
    shown: dict[tuple[str | None, object], str] = {}  # (language, value): its label, translated

    def display(self):
        value = getattr(self, field.attname)
        if value not in labels:  # not a choice (an empty value): shown as it is, as Django does
            return force_str(value, strings_only=True)
        key = (get_language(), value)
        if key not in shown:
            shown[key] = force_str(labels[value])
        return shown[key]

    display.__name__ = f"get_{field.name}_display"
    return display


def _fixed_plain_choices(field) -> bool:
    """Choices given as a list of plain values: what Django's dict would hold, keyed alike."""
    if not isinstance(field.choices, list | tuple):  # a callable: read anew on each call
        return False
    return all(isinstance(value, str | int) for value, _label in field.flatchoices)


def quick_choice_displays() -> None:
    """Replace the `get_FOO_display()` Django made for the project's fields with choices; one
    a model defines itself stays."""
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.local_fields:
            name = f"get_{field.name}_display"
            made_by_django = isinstance(model.__dict__.get(name), partialmethod)
            if field.choices and made_by_django and _fixed_plain_choices(field):
                setattr(model, name, _quick_display(field))
