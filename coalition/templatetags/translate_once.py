"""Django's i18n tags, with `{% translate "a constant" %}` translated once per language.

Django translates a constant `{% translate %}` afresh on every render: it makes a lazy string,
forces it, localises and escapes it, about 20 µs a tag; the case page has 76 of them. Their text
cannot change while the process runs (the catalogues are compiled files read at start), so each
tag keeps what it drew, per language. A tag with a variable, a filter, a context or `as` is
Django's, untouched.

Every template's `{% load i18n %}` loads this library (TEMPLATES' `libraries` option in
coalition/settings.py), so templates and `makemessages` read the tags they always did.
"""

from django import template
from django.templatetags import i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)


class TranslateOncePerLanguage(i18n.TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        self.constant = (
            asvar is None
            and message_context is None
            and not filter_expression.filters
            and filter_expression.var.literal is not None
        )
        self.drawn = {}

    def render(self, context):
        if not self.constant:
            return super().render(context)
        key = (get_language(), context.autoescape)
        drawn = self.drawn.get(key)
        if drawn is None:
            drawn = self.drawn[key] = super().render(context)
        return drawn


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = i18n.do_translate(parser, token)
    return TranslateOncePerLanguage(
        node.filter_expression, node.noop, node.asvar, node.message_context
    )
