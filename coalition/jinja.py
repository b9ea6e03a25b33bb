"""The Jinja2 environment, for the templates drawn once per row of a long list.

Django's template language spends about 140 µs on a case list row (most of it resolving each
`{{ case.field }}` by trying a dictionary lookup first); Jinja2 compiles a template to Python
and draws the same row in a third of that. Only row templates live here
(templates/jinja2/): they hold no text to translate (the page around them passes its labels,
already translated) and are drawn by `render_rows`, never extended or included by a Django
template.
"""

from collections.abc import Callable

from django.apps import apps
from django.template import engines
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, StrictUndefined

from .reversing import ANY_ID, parts_between_ids


def local(value, pattern: str) -> str:
    """A date and time in the site's time zone (Pakistan's), drawn by a `strftime` pattern of
    digits only (no month or day names, which would not be translated). The site's zone is
    the only one the product uses (nothing activates another): converting to it directly
    costs a tenth of `timezone.localtime`, which asks for the active zone on every row."""
    return value.astimezone(timezone.get_default_timezone()).strftime(pattern)


class ChoiceLabels(dict):
    """{value: label} of a field's choices, in the active language. A value that is not a
    choice shows as itself, as `get_FOO_display()` shows it."""

    def __missing__(self, value):
        return value


def choice_labels(model: str, field_name: str) -> ChoiceLabels:
    """The labels of a field's choices (`model` as "app_label.Model"), translated once for a
    page's rows: `get_FOO_display()` rebuilds the field's choices dictionary on every call
    (about 8 µs, twice a row)."""
    field = apps.get_model(model)._meta.get_field(field_name)
    return ChoiceLabels((value, str(label)) for value, label in field.flatchoices)


def url_of(name: str) -> Callable[[int], str]:
    """The URL named `name` for any one id, for a page's rows: the text around the id is looked
    up once for the page (coalition/reversing.py), not reversed once per row (about 35 µs, a
    third of a case list row)."""
    parts = parts_between_ids(name, 1)
    if parts is None:
        # A name that does not reverse fails the page here, even one with no rows; one whose
        # pattern spells the id its own way is reversed row by row.
        reverse(name, args=[ANY_ID])
        return lambda pk: reverse(name, args=[int(pk)])
    before, after = parts
    return lambda pk: f"{before}{int(pk)}{after}"


def environment(**options) -> Environment:
    # Always escaped, whatever the settings say; a misspelt name fails the page (and its test)
    # instead of drawing an empty cell.
    options = {**options, "undefined": StrictUndefined}
    options.pop("autoescape", None)
    env = Environment(autoescape=True, **options)
    env.globals["url_of"] = url_of
    env.globals["choice_labels"] = choice_labels
    env.filters["local"] = local
    return env


def render_rows(template_name: str, context: dict) -> SafeString:
    """The rows as HTML, for a Django template to place as they are (Jinja2 escaped them)."""
    html = engines["jinja2"].get_template(template_name).render(context)
    return mark_safe(html)  # noqa: S308 - Jinja2's output, autoescaped
