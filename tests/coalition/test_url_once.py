"""`{% url %}` with ids reversed once per name (coalition/reversing.py,
coalition/templatetags/url_once.py): the same URLs as Django's `reverse`, for every URL of the
product, under a script prefix, and after the URLs change."""

import pytest
from django.template import Context, Template, engines
from django.test import override_settings
from django.test.utils import override_script_prefix
from django.urls import NoReverseMatch, path, reverse

from coalition.reversing import url_for_ids
from coalition.templatetags.url_once import URLOnceNode
from tests.security.test_id_sweep import routes

IDS = (7, 431, 987_654_321_987_654_320)


def draw(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def named_urls() -> list[tuple[str, int]]:
    return sorted(
        {(f"{ns}:{name}" if ns else name, len(params)) for ns, name, _, params in routes() if name}
    )


def test_the_tag_is_the_fast_one_in_every_template():
    template = engines["django"].from_string("{% url 'cases:detail' 7 %}")
    assert any(isinstance(node, URLOnceNode) for node in template.template.nodelist)


@pytest.mark.parametrize("prefix", ["/", "/coalition/"])
def test_every_url_with_ids_is_the_url_django_reverses(prefix):
    compared = 0
    with override_script_prefix(prefix):
        for name, count in named_urls():
            ids = IDS[:count]
            try:
                expected = reverse(name, args=ids)
            except NoReverseMatch:  # its arguments are words, not ids
                assert url_for_ids(name, ids) is None
                continue
            quoted = " ".join(str(i) for i in ids)
            assert draw(f"{{% url '{name}' {quoted} %}}") == expected, name
            assert url_for_ids(name, ids) == expected, name
            compared += 1
    assert compared > 100  # the walk found the product's URLs


def test_whatever_is_not_a_constant_name_with_ids_is_djangos_tag():
    assert draw("{% url name pk %}", name="cases:detail", pk=7) == "/cases/7/"
    assert draw("{% url 'cases:detail' pk=7 %}") == "/cases/7/"
    assert draw("{% url 'cases:detail' '7' %}") == "/cases/7/"
    assert draw("{% url 'cases:detail' 7 as there %}[{{ there }}]") == "[/cases/7/]"
    with pytest.raises(NoReverseMatch):
        draw("{% url 'cases:detail' 'x' %}")
    with pytest.raises(NoReverseMatch):
        draw("{% url 'cases:no_such_page' 7 %}")
    assert draw("{% url 'cases:no_such_page' 7 as there %}[{{ there }}]") == "[]"


def test_an_id_that_is_not_a_whole_number_goes_to_django_which_refuses_it():
    with pytest.raises(NoReverseMatch):
        draw("{% url 'cases:detail' pk %}", pk="7/../../admin")
    with pytest.raises(NoReverseMatch):
        draw("{% url 'cases:detail' pk %}", pk=True)


def page_of_this_test(request, pk):  # pragma: no cover - never requested, only reversed
    raise AssertionError


urlpatterns = [path("elsewhere/<int:pk>/", page_of_this_test, name="detail")]


def test_new_urls_are_reversed_afresh():
    source = "{% url 'detail' 5 %}"
    with pytest.raises(NoReverseMatch):
        Template(source).render(Context())
    with override_settings(ROOT_URLCONF=__name__):
        assert Template(source).render(Context()) == "/elsewhere/5/"
    with pytest.raises(NoReverseMatch):
        Template(source).render(Context())
