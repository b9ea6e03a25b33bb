"""Django's static tags, with each `{% static %}` path's URL looked up once.

Django asks the storage for the URL on every use: for the hashed names of collected files, a
manifest lookup, a split and a join, about 20 µs; every page's layout draws four. A file's URL
cannot change while the storage and its settings stay the same, so each is kept per storage
object (which Django makes anew when the STORAGES setting changes, as tests do), per path and
per DEBUG (under which the manifest storage serves names unhashed).

Every template's `{% load static %}` loads this library (TEMPLATES' `libraries` option in
coalition/settings.py), so templates read the tags they always did.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.files.storage import storages
from django.templatetags import static

register = template.Library()
register.tags.update(static.register.tags)
register.filters.update(static.register.filters)


class StaticOnceNode(static.StaticNode):
    @classmethod
    def handle_simple(cls, path):
        return _url(storages["staticfiles"], path, settings.DEBUG)


@lru_cache(maxsize=1024)
def _url(storage, path: str, debug: bool) -> str:
    return storage.url(path)


@register.tag("static")
def do_static(parser, token):
    return StaticOnceNode.handle_token(parser, token)
