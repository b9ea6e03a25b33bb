"""The menu's links: reversed once per URLconf and script prefix, and right under each."""

from unittest import mock

from django.test.utils import override_script_prefix
from django.urls import clear_url_caches
from django.utils import translation

from coalition import navigation, reversing
from members.roles import OPEN_CASE, VIEW_OWN_CASES

CASEWORKER = frozenset({VIEW_OWN_CASES, OPEN_CASE})


def links(path: str = "/cases/") -> dict[str, str]:
    return {str(item["label"]): item["url"] for item in navigation.entries_for(CASEWORKER, path)}


def test_each_link_is_reversed_once_not_on_every_page():
    links()
    with mock.patch.object(reversing, "reverse") as reverse:
        for _ in range(20):
            assert links()["Cases"] == "/cases/"
    reverse.assert_not_called()


def test_links_follow_the_script_prefix_the_app_is_served_under():
    with override_script_prefix("/coalition/"):
        assert links()["Cases"] == "/coalition/cases/"
        assert links()["My work"] == "/coalition/"
    assert links()["Cases"] == "/cases/"


def test_links_are_reversed_again_when_the_urls_change():
    links()
    clear_url_caches()  # as Django does when the URLconf setting changes: a new resolver
    with mock.patch.object(reversing, "reverse", return_value="/moved/") as reverse:
        assert links()["Cases"] == "/moved/"
    assert reverse.called
    clear_url_caches()  # and back: the next test reverses the real URLs
    assert links()["Cases"] == "/cases/"


def test_a_part_that_is_not_installed_is_left_out():
    entry = navigation.NavEntry("not-installed:list", "Nowhere")
    with mock.patch.object(navigation, "ENTRIES", [*navigation.ENTRIES, entry]):
        assert "Nowhere" not in links()


def test_the_current_page_is_marked():
    items = navigation.entries_for(CASEWORKER, "/cases/12/")
    assert [str(item["label"]) for item in items if item["current"]] == ["Cases"]


def test_the_menu_is_drawn_escaped_with_the_current_page_and_badges():
    items = [
        {"url": "/", "label": "My work", "current": False, "badge": 3},
        {"url": "/cases/?a=1&b=2", "label": "<Cases>", "current": True, "badge": 0},
    ]
    assert navigation.drawn(items) == (
        '<li><a href="/">My work <span class="badge">3</span></a></li>'
        '<li><a href="/cases/?a=1&amp;b=2" aria-current="page">&lt;Cases&gt;</a></li>'
    )


def test_labels_are_in_the_page_language():
    with translation.override("ur"):
        urdu = links()
    with translation.override("ur"):
        assert translation.gettext("Cases") in urdu
    assert "Cases" in links()
