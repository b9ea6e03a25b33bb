"""`{% load static %}` (coalition/templatetags/static_once.py): each path's URL is the storage's,
looked up once, and looked up afresh when the storage changes."""

from unittest import mock

from django.core.files.storage import storages
from django.template import engines
from django.templatetags.static import static
from django.test import override_settings

from coalition.templatetags.static_once import StaticOnceNode

PATHS = ["css/app.css", "js/app.js", "favicon.svg", "css/urdu.css"]


def draw(source: str, **context) -> str:
    return engines["django"].from_string("{% load static %}" + source).render(context)


def test_the_static_library_every_template_loads_is_this_one():
    template = engines["django"].from_string("{% load static %}{% static 'css/app.css' %}")
    assert isinstance(template.template.nodelist[-1], StaticOnceNode)


def test_each_url_is_the_storages_and_asked_for_once():
    expected = {path: static(path) for path in PATHS}
    for path in PATHS:
        assert draw("{% static path %}", path=path) == expected[path]
    storage = storages["staticfiles"]
    with mock.patch.object(type(storage), "url", side_effect=AssertionError) as url:
        for path in PATHS:
            assert draw(f"{{% static '{path}' %}}") == expected[path]
            there = draw("{% static path as there %}[{{ there }}]", path=path)
            assert there == f"[{expected[path]}]"
    url.assert_not_called()


def test_a_new_storage_is_asked_afresh():
    before = draw("{% static 'css/app.css' %}")
    storage = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STATIC_URL="/elsewhere/", STORAGES={"staticfiles": storage}):
        assert draw("{% static 'css/app.css' %}") == "/elsewhere/css/app.css"
    assert draw("{% static 'css/app.css' %}") == before


def test_urls_are_escaped_as_djangos():
    assert draw("{% static path %}", path="a&b.css") == static("a&b.css").replace("&", "&amp;")
