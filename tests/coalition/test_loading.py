"""Cases made from rows without Model.__init__ (coalition/loading.py) are the instances Django
would make: the same values, the same deferred fields, saved and refreshed the same way."""

import pytest
from django.db import models
from django.db.models.signals import post_init
from django.test.utils import isolate_apps

from cases.models import Case
from cases.queries import LIST_COLUMNS
from coalition.loading import LoadedDirectly, check_loaded_directly
from tests.cases.conftest import open_case


def as_django_makes_it(case: Case, names: list[str]) -> Case:
    values = [case.__dict__[name] for name in names]
    return super(LoadedDirectly, Case).from_db("default", names, values)


def fields_of(case: Case) -> dict:
    return {name: value for name, value in case.__dict__.items() if name != "_state"}


@pytest.mark.parametrize("columns", [LIST_COLUMNS, None], ids=["a list's columns", "every column"])
def test_a_case_from_its_row_is_the_one_django_makes(caseworker_a, columns):
    made = open_case(caseworker_a, full_name="Ayesha Bibi", alias="Shani")
    cases = Case.objects.with_scopes_disabled().filter(pk=made.pk)
    case = (cases.only(*columns) if columns else cases).get()
    django_made = as_django_makes_it(case, list(fields_of(case)))

    assert type(case) is Case
    assert fields_of(case) == fields_of(django_made)
    assert case.get_deferred_fields() == django_made.get_deferred_fields()
    assert (case._state.adding, case._state.db) == (False, "default")
    assert case.full_name == "Ayesha Bibi"  # decrypted by the field, as Django reads it


def test_a_deferred_field_is_read_when_asked_for_and_the_case_saves(
    caseworker_a, django_assert_num_queries
):
    made = open_case(caseworker_a, full_name="Ayesha Bibi", current_location="Kasur")
    case = Case.objects.with_scopes_disabled().only(*LIST_COLUMNS).get(pk=made.pk)
    assert "current_location" in case.get_deferred_fields()
    with django_assert_num_queries(1):
        assert case.current_location == "Kasur"
    case.alias = "Shani"
    case.save(update_fields=["alias"])
    assert Case.objects.with_scopes_disabled().get(pk=made.pk).alias == "Shani"


def test_a_model_with_an_init_receiver_is_made_by_django(caseworker_a):
    made = open_case(caseworker_a)
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(receiver, sender=Case)
    try:
        Case.objects.with_scopes_disabled().only(*LIST_COLUMNS).get(pk=made.pk)
    finally:
        post_init.disconnect(receiver, sender=Case)
    assert seen == [made.pk]


def test_the_case_passes_the_check_and_a_field_that_sets_more_than_its_value_fails_it():
    assert check_loaded_directly(Case) == []

    class Counting(models.query_utils.DeferredAttribute):
        def __set__(self, instance, value):
            instance.__dict__[self.field.attname] = value

    class CountingField(models.CharField):
        descriptor_class = Counting

    with isolate_apps("django.contrib.contenttypes"):

        class Loaded(LoadedDirectly, models.Model):  # noqa: DJ008 - never shown
            name = CountingField(max_length=10)

            class Meta:
                app_label = "contenttypes"

        errors = Loaded.check()
    assert [error.id for error in errors] == ["coalition.E001"]
    assert "Loaded.name" in errors[0].msg
