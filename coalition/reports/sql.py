"""SQL pieces the figures share: a person's age band, and percentiles of durations."""

import math
from collections.abc import Sequence
from datetime import timedelta

from django.db import connection
from django.db.models import Aggregate, Case, Count, DurationField, F, Q, Value
from django.db.models import When as W
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from cases import vocabularies as v


def _ymd(field: str):
    return ExtractYear(field) * 10000 + ExtractMonth(field) * 100 + ExtractDay(field)


def years_since_birth_code():
    """Whole years from the date of birth to the intake date, times 10,000, give or take the
    days: (intake as YYYYMMDD) - (birth as YYYYMMDD) is at least N * 10,000 exactly when the
    person had turned N. One subtraction instead of a birthday test per band."""
    return _ymd("intake_date") - _ymd("date_of_birth")


# The bands' lower bounds, highest first (cases/vocabularies.py keeps the same in Python).
AGE_BAND_FLOORS = [
    (48, v.AgeBand.AGE_48_PLUS),
    (39, v.AgeBand.AGE_39_47),
    (30, v.AgeBand.AGE_30_38),
    (27, v.AgeBand.AGE_27_29),
    (24, v.AgeBand.AGE_24_26),
    (21, v.AgeBand.AGE_21_23),
    (18, v.AgeBand.AGE_18_20),
    (9, v.AgeBand.AGE_9_17),
    (0, v.AgeBand.AGE_0_8),
]
CHILD_BANDS = (v.AgeBand.AGE_0_8, v.AgeBand.AGE_9_17)
ADULT_BANDS = tuple(band for _, band in reversed(AGE_BAND_FLOORS) if band not in CHILD_BANDS)


def age_band():
    """The CTDC age band when the person reached the member, as SQL: from the date of birth
    when known, else from the age estimated at intake; "unknown" without either."""

    def bands(condition):
        return [W(condition(floor), then=Value(band.value)) for floor, band in AGE_BAND_FLOORS]

    by_birth = Case(
        *bands(lambda floor: Q(birth_code__gte=floor * 10000)),
        default=Value(v.AgeBand.UNKNOWN.value),
    )
    by_estimate = Case(
        *bands(lambda floor: Q(estimated_age__gte=floor)),
        default=Value(v.AgeBand.UNKNOWN.value),
    )
    return Case(W(date_of_birth__isnull=False, then=by_birth), default=by_estimate)


def in_age_band(band: str) -> Q:
    """The cases in one band, as a condition: cheaper to count by than the band expression."""
    # The date of birth is tested first: SQL stops there for the many without one, before
    # working out the birth code.
    with_birth = Q(date_of_birth__isnull=False)
    without_birth = Q(date_of_birth__isnull=True)
    if band == v.AgeBand.UNKNOWN:
        return (without_birth & Q(estimated_age__isnull=True)) | (with_birth & Q(birth_code__lt=0))
    floors = {b: floor for floor, b in AGE_BAND_FLOORS}
    above = [floor for floor, _band in AGE_BAND_FLOORS if floor > floors[band]]
    low, high = floors[band], min(above, default=None)
    by_estimate = without_birth & Q(estimated_age__gte=low)
    by_birth = with_birth & Q(birth_code__gte=low * 10000)
    if high is not None:
        by_estimate &= Q(estimated_age__lt=high)
        by_birth &= Q(birth_code__lt=high * 10000)
    return by_estimate | by_birth


def with_birth_code(cases):
    return cases.annotate(birth_code=years_since_birth_code())


def with_age_band(cases):
    return cases.annotate(birth_code=years_since_birth_code()).annotate(age_band=age_band())


def response_time():
    return F("responded_at") - F("created_at")


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont over durations (interpolated between the nearest two)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def database_percentiles() -> bool:
    return connection.vendor == "postgresql"


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """percentile_cont in Python, for databases without it: same interpolation."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def hours(duration: timedelta | float | None) -> float | None:
    if duration is None:
        return None
    seconds = duration.total_seconds() if isinstance(duration, timedelta) else duration
    return round(seconds / 3600, 1)


def people(field: str = "case", **filters):
    """Count people: distinct cases (one case is one person)."""
    return Count(field, distinct=True, filter=Q(**filters) if filters else None)
