"""Pakistan's districts as data, and free-text districts mapped onto them."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import translation

from cases.models import Case
from cases.validators import province_of_cnic
from members.geography import Province, district_choices, district_matching, districts
from tests.cases.conftest import open_case


def test_every_province_has_districts_with_an_urdu_name_and_codes_are_unique():
    listed = districts()
    assert len(listed) > 150
    assert {d.province for d in listed} == set(Province.values)
    assert len({d.code for d in listed}) == len(listed)
    assert all(d.name_ur and d.division for d in listed)


def test_a_district_is_shown_in_the_reader_language():
    with translation.override("ur"):
        names = dict(pair for _p, items in district_choices() for pair in items)
    assert names["Muzaffargarh"] == "مظفرگڑھ"


def test_free_text_in_either_language_matches_the_same_district():
    assert district_matching("muzaffargarh").code == "Muzaffargarh"
    assert district_matching(" مظفرگڑھ ").code == "Muzaffargarh"
    assert district_matching("Somewhere else") is None


def test_the_cnic_first_digit_suggests_the_province():
    assert province_of_cnic("35202-1234567-1") == Province.PUNJAB
    assert province_of_cnic("42101-1234567-1") == Province.SINDH
    assert province_of_cnic("not a cnic") == ""


@pytest.mark.django_db
def test_the_data_migration_maps_free_text_districts_onto_codes(caseworker_a):
    typed_ur = open_case(caseworker_a, origin_district="مظفرگڑھ")
    typed_en = open_case(caseworker_a, origin_district="muzaffargarh")
    unknown = open_case(caseworker_a, origin_district="Basti Malook")
    migration = importlib.import_module("cases.migrations.0013_districts_as_codes")
    migration.to_codes(django_apps, None)
    stored = dict(Case.objects.with_scopes_disabled().values_list("pk", "origin_district"))
    assert stored[typed_ur.pk] == stored[typed_en.pk] == "Muzaffargarh"
    assert stored[unknown.pk] == "Basti Malook"
