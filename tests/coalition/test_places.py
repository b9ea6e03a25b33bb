"""Districts as the reader names them (coalition/templatetags/places.py): rows keep a district's
English name; pages show it in the reader's language, and free text as it was written."""

from django.template import engines
from django.utils import translation


def draw(value) -> str:
    template = engines["django"].from_string("{% load places %}{{ value|district }}")
    return template.render({"value": value})


def test_a_known_district_reads_in_the_active_language():
    with translation.override("en"):
        assert draw("Dera Ismail Khan") == "Dera Ismail Khan"
    with translation.override("ur"):
        assert draw("Dera Ismail Khan") == "ڈیرہ اسماعیل خان"


def test_free_text_stays_as_written_and_nothing_shows_nothing():
    with translation.override("ur"):
        assert draw("near the <bus> stand") == "near the &lt;bus&gt; stand"
        assert draw("") == ""
        assert draw(None) == ""
