"""`|date` in digits only (coalition/templatetags/date_digits.py): the same text as Django's
filter, for dates and times in Pakistan's time zone, in both languages, and Django's filter for
everything else."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django.template import Context, Engine, engines
from django.utils import translation

DJANGOS = Engine()  # Django's own builtins only: its `date` filter
FORMATS = ["Y-m-d", "Y-m-d H:i", "c", "j M Y", "Y-m", "H:i", "SHORT_DATETIME_FORMAT", ""]
VALUES = [
    date(2026, 11, 27),
    date(2024, 2, 29),
    date(999, 1, 5),  # a year of three digits is still written with four
    date(1, 1, 1),
    datetime(2026, 11, 30, 20, 5, tzinfo=UTC),  # already 1 December in Pakistan
    datetime(2026, 6, 1, 0, 0, 59, 123456, tzinfo=UTC),
    datetime(2026, 6, 1, 9, 7, tzinfo=timezone(timedelta(hours=-5))),
    datetime(2026, 3, 4, 23, 59),  # noqa: DTZ001 - naive, as Django still draws it
    None,
    "",
    "not a date",
]


def ours(value, fmt: str) -> str:
    return engines["django"].from_string(f'{{{{ v|date:"{fmt}" }}}}').render({"v": value})


def djangos(value, fmt: str) -> str:
    return DJANGOS.from_string(f'{{{{ v|date:"{fmt}" }}}}').render(Context({"v": value}))


def outcome(draw, value, fmt: str) -> str:
    """The text drawn, or the error raised (a time letter on a plain date)."""
    try:
        return draw(value, fmt)
    except TypeError as error:
        return f"TypeError: {error}"


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_value_is_drawn_as_djangos_filter_draws_it(fmt, language):
    with translation.override(language):
        for value in VALUES:
            assert outcome(ours, value, fmt) == outcome(djangos, value, fmt), (value, fmt)


def test_times_are_drawn_in_pakistans_time_zone():
    late_evening_utc = datetime(2026, 11, 30, 20, 5, tzinfo=UTC)
    assert ours(late_evening_utc, "Y-m-d H:i") == "2026-12-01 01:05"
    assert ours(late_evening_utc, "Y-m-d") == "2026-12-01"
    assert ours(late_evening_utc, "c") == "2026-12-01T01:05:00+05:00"


def test_a_time_letter_on_a_plain_date_is_djangos_answer():
    with pytest.raises(TypeError):
        ours(date(2026, 1, 1), "Y-m-d H:i")


def test_the_digits_are_drawn_without_djangos_filter(monkeypatch):
    from django.template import defaultfilters

    monkeypatch.setattr(defaultfilters, "date", None)  # any call to it would fail
    assert ours(date(2026, 11, 27), "Y-m-d") == "2026-11-27"
