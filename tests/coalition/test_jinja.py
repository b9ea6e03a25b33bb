"""The Jinja2 environment of the list rows (coalition/jinja.py): escaped always, strict about
names, times in Pakistan's time zone."""

from datetime import UTC, datetime

import pytest
from django.template import engines
from django.test.utils import override_script_prefix
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from jinja2 import UndefinedError

from cases.vocabularies import CaseStatus
from coalition.jinja import local, url_of


def draw(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_values_are_escaped():
    assert draw("{{ name }}", name='<img src=x onerror="alert(1)">') == (
        "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"
    )


def test_a_misspelt_name_fails_instead_of_drawing_an_empty_cell():
    with pytest.raises(UndefinedError):
        draw("{{ case.nmae }}", case=object())
    with pytest.raises(UndefinedError):
        draw("{{ labels.case }}")


def test_urls_are_reversed_by_name_once_for_every_row():
    assert draw("{% set detail = url_of('cases:detail') %}{{ detail(7) }} {{ detail(70) }}") == (
        "/cases/7/ /cases/70/"
    )
    with override_script_prefix("/coalition/"):
        assert url_of("referrals:detail")(12) == "/coalition/referrals/12/"


def test_a_misspelt_row_url_fails_the_page_even_with_no_rows():
    with pytest.raises(NoReverseMatch):
        url_of("cases:detial")


def test_a_row_url_takes_only_a_whole_number():
    with pytest.raises(ValueError):
        url_of("cases:detail")("7/../../admin")


def test_times_are_shown_in_pakistans_time_zone():
    late_evening_utc = datetime(2026, 11, 30, 20, 5, tzinfo=UTC)
    assert local(late_evening_utc, "%Y-%m-%d %H:%M") == "2026-12-01 01:05"
    assert local(late_evening_utc, "%Y-%m-%d %H:%M") == date_format(
        timezone.localtime(late_evening_utc), "Y-m-d H:i"
    )


def test_a_choice_is_shown_by_its_label_in_the_active_language():
    source = "{% set status_of = choice_labels('cases.Case', 'status') %}{{ status_of[s] }}"
    with translation.override("en"):
        english = draw(source, s="active")
    with translation.override("ur"):
        urdu = draw(source, s="active")
    assert english == str(CaseStatus.ACTIVE.label) == "Active"
    with translation.override("ur"):
        assert urdu == str(CaseStatus.ACTIVE.label) != english


def test_a_value_that_is_not_a_choice_shows_as_itself_escaped():
    source = "{% set status_of = choice_labels('cases.Case', 'status') %}{{ status_of[s] }}"
    assert draw(source, s="<b>legacy</b>") == "&lt;b&gt;legacy&lt;/b&gt;"
