"""Django's `{% url %}`, with a constant name and integer ids reversed once per name
(coalition/reversing.py). Any other use (a name in a variable, keyword arguments, an argument
that is not an integer) is Django's tag, untouched.

A builtin of the template engine (TEMPLATES' `builtins` in coalition/settings.py): it replaces
Django's `url` in every template, which reads the tag as it always did.
"""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.utils.html import conditional_escape

from ..reversing import reversing_now, url_for_ids

register = template.Library()


class URLOnceNode(URLNode):
    def __init__(self, view_name, args, kwargs, asvar):
        super().__init__(view_name, args, kwargs, asvar)
        # A quoted name is read once, at parse time, into a string; a variable stays a Variable.
        constant = isinstance(view_name.var, str) and not view_name.filters
        self.name = str(view_name.var) if constant else None

    def render(self, context):
        if self.name is None or self.kwargs:
            return super().render(context)
        ids = [arg.resolve(context) for arg in self.args]
        if any(type(id_) is not int for id_ in ids):
            return super().render(context)
        url = url_for_ids(self.name, ids, current_app(context), now=reversing_now_of(context))
        if url is None:
            return super().render(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def reversing_now_of(context) -> tuple:
    """`reversing_now()`, read once for a template's whole drawing (its render context), not
    once per URL: nothing it reads changes while a template draws."""
    now = context.render_context.get(URLOnceNode)
    if now is None:
        now = context.render_context[URLOnceNode] = reversing_now()
    return now


def current_app(context) -> str | None:
    """The application namespace Django's tag reverses in (its `URLNode.render`)."""
    request = getattr(context, "request", None)
    try:
        return request.current_app
    except AttributeError:
        try:
            return request.resolver_match.namespace
        except AttributeError:
            return None


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return URLOnceNode(node.view_name, node.args, node.kwargs, node.asvar)
