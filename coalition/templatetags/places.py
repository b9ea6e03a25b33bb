"""Places as the reader names them: a stored district (its English name, which rows keep) in the
reader's language; free text that names no known district, as it was written."""

from django import template

from members.geography import district_label

register = template.Library()


@register.filter
def district(value) -> str:
    return district_label(value) if value else ""
