"""`{% load i18n %}` (coalition/templatetags/translate_once.py): a constant `{% translate %}`
is drawn once per language and escaping, and draws exactly what Django's own tag draws."""

from django.template import Context, Template, engines
from django.templatetags import i18n
from django.utils import translation

from coalition.templatetags.translate_once import TranslateOncePerLanguage


def draw(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load i18n %}" + source).render(Context(context))


def test_the_i18n_library_every_template_loads_is_this_one():
    library = engines["django"].engine.template_libraries["i18n"]
    assert library.tags["translate"] is library.tags["trans"]
    assert library.tags["blocktranslate"] is i18n.register.tags["blocktranslate"]
    node = Template('{% load i18n %}{% translate "Cases" %}').nodelist[-1]
    assert isinstance(node, TranslateOncePerLanguage) and node.constant


def test_one_tag_draws_each_language_in_turn():
    template = Template('{% load i18n %}{% translate "Cases" %}')
    drawn = {}
    for language in ("en", "ur", "en", "ur"):
        with translation.override(language):
            drawn.setdefault(language, set()).add(template.render(Context()))
    with translation.override("ur"):
        urdu = translation.gettext("Cases")
    assert urdu != "Cases"
    assert drawn == {"en": {"Cases"}, "ur": {urdu}}


def djangos_drawing(source: str, language: str) -> str:
    """`source` drawn with Django's own i18n tags."""
    engine = engines["django"].engine
    ours = engine.template_libraries["i18n"]
    engine.template_libraries["i18n"] = i18n.register
    try:
        template = Template("{% load i18n %}" + source, engine=engine)
    finally:
        engine.template_libraries["i18n"] = ours
    with translation.override(language):
        return template.render(Context())


def test_it_draws_what_djangos_tag_draws_escaped_or_not():
    source = '{% translate "Cases" %}|{% translate "<b>&</b>" %}|{% translate "100%% done" %}'
    unescaped = "{% autoescape off %}" + source + "{% endautoescape %}"
    for language in ("en", "ur"):
        for _drawn_then_kept in (1, 2):
            assert draw(source, language) == djangos_drawing(source, language)
            assert draw(unescaped, language) == djangos_drawing(unescaped, language)
    assert draw(source, "ur") != draw(source, "en")


def test_a_tag_with_a_variable_a_filter_or_as_is_translated_every_time():
    source = (
        "{% translate word %}|{% translate 'Cases'|upper %}|"
        "{% translate 'Cases' as heading %}{{ heading }}"
    )
    first = draw(source, "en", word="Cases")
    second = draw(source, "en", word="Risk")
    assert first == "Cases|CASES|Cases"
    assert second == "Risk|CASES|Cases"


def test_the_meant_library_name_passes_the_check_and_any_other_clash_still_warns():
    engine = engines["django"]
    assert engine.engine.libraries["i18n"] == "coalition.templatetags.translate_once"
    assert not engine.check()
    engine.engine.libraries["bidi"] = "coalition.templatetags.places"  # a clash by mistake
    try:
        assert [warning.id for warning in engine.check()] == ["templates.W003"]
    finally:
        engine.engine.libraries.pop("bidi")
