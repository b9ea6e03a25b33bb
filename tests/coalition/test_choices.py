"""`get_FOO_display()` as coalition/choices.py makes it: Django's answer, in the reader's
language, translated once per language and value."""

from unittest import mock

import pytest
from django.apps import apps
from django.utils import translation

from cases.models import Case
from cases.vocabularies import CaseStatus
from coalition.choices import PROJECT_APPS


def replaced_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.local_fields:
            display = model.__dict__.get(f"get_{field.name}_display")
            if display is not None and display.__module__ == "coalition.choices":
                yield model, field


def test_every_replaced_display_answers_as_djangos_own_in_both_languages():
    fields = list(replaced_fields())
    assert len(fields) > 20  # statuses, risk levels, urgencies, kinds...
    for model, field in fields:
        for value, _label in field.flatchoices:
            row = model(**{field.attname: value})
            for language in ("en", "ur", "en"):
                with translation.override(language):
                    ours = getattr(row, f"get_{field.name}_display")()
                    assert ours == row._get_FIELD_display(field), (model, field.name, value)


def test_the_label_follows_the_readers_language():
    case = Case(status=CaseStatus.OPEN)
    with translation.override("ur"):
        assert case.get_status_display() == "کھلا"
    with translation.override("en"):
        assert case.get_status_display() == "Open"


@pytest.mark.parametrize("value", ["", "not-a-status"])
def test_a_value_outside_the_choices_is_shown_as_it_is(value):
    assert Case(status=value).get_status_display() == value


def test_a_label_is_looked_up_in_the_catalogue_once_per_language():
    case = Case(status=CaseStatus.CLOSED)
    with translation.override("en"):
        case.get_status_display()  # translated here, or by an earlier test
        with mock.patch.object(translation._trans, "gettext") as gettext:
            for _ in range(25):
                assert case.get_status_display() == "Closed"
    gettext.assert_not_called()
