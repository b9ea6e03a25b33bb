"""Pakistan's provinces and territories, and their districts."""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    PUNJAB = "punjab", _("Punjab")
    SINDH = "sindh", _("Sindh")
    KPK = "kpk", _("Khyber Pakhtunkhwa")
    BALOCHISTAN = "balochistan", _("Balochistan")
    ISLAMABAD = "islamabad", _("Islamabad Capital Territory")
    GILGIT_BALTISTAN = "gilgit_baltistan", _("Gilgit-Baltistan")
    AJK = "ajk", _("Azad Jammu and Kashmir")


# Districts, from members/data/districts.csv (its header names the source).
DISTRICTS_CSV = Path(__file__).resolve().parent / "data" / "districts.csv"


@dataclass(frozen=True)
class District:
    code: str  # the English name: what case and offering rows store
    name_ur: str
    province: str
    division: str
    division_ur: str

    @property
    def name(self) -> str:
        """The district's name in the active language."""
        if (get_language() or "").startswith("ur"):
            return self.name_ur
        return self.code


@lru_cache(maxsize=1)
def districts() -> tuple[District, ...]:
    with DISTRICTS_CSV.open(encoding="utf-8") as f:
        rows = csv.reader(line for line in f if line.strip() and not line.startswith("#"))
        return tuple(
            District(
                code=name, name_ur=name_ur, province=province, division=div, division_ur=div_ur
            )
            for province, div, div_ur, name, name_ur in rows
        )


@lru_cache(maxsize=1)
def _by_code() -> dict[str, District]:
    return {district.code: district for district in districts()}


def district(code: str) -> District | None:
    return _by_code().get(code)


@lru_cache(maxsize=1)
def _by_folded_name() -> dict[str, District]:
    names = {}
    for d in districts():
        names[_fold(d.code)] = d
        names[_fold(d.name_ur)] = d
    return names


def _fold(name: str) -> str:
    return " ".join(name.replace("-", " ").replace(".", " ").split()).casefold()


def district_matching(text: str) -> District | None:
    """The district a free-text place names exactly, in English or Urdu ("muzaffargarh",
    "مظفرگڑھ"), or None."""
    return _by_folded_name().get(_fold(text or ""))


def district_label(code: str) -> str:
    """A stored district in the reader's language; text that is not a known district as is."""
    found = district(code)
    return found.name if found else code


def district_choices(province: str = "") -> list:
    """Grouped by province for a <select>: [(province label, [(code, name), ...]), ...]."""
    labels = dict(Province.choices)
    grouped: dict[str, list] = {}
    for d in districts():
        if province and d.province != province:
            continue
        grouped.setdefault(d.province, []).append((d.code, d.name))
    return [(labels[p], sorted(items, key=lambda item: item[1])) for p, items in grouped.items()]


def validate_district(code: str) -> None:
    if code and district(code) is None:
        raise ValidationError(_("Choose a district from the list."))


# The first digit of a CNIC is the province of the family's registration (NADRA's numbering).
CNIC_FIRST_DIGIT_PROVINCE = {
    "1": Province.KPK,
    "2": Province.KPK,  # the former tribal areas, merged into the province in 2018
    "3": Province.PUNJAB,
    "4": Province.SINDH,
    "5": Province.BALOCHISTAN,
    "6": Province.ISLAMABAD,
    "7": Province.GILGIT_BALTISTAN,
    "8": Province.AJK,
}
