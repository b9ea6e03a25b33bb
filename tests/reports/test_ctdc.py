"""The CTDC / HTCDS de-identified dataset: one row per victim, no identifiers, k-anonymous."""

import csv
import io
from collections import Counter

import pytest

from cases.demo import create_cases
from coalition.models import AccessLog
from coalition.reports import ctdc
from coalition.reports.anonymity import combination
from coalition.reports.models import StoredReport
from coalition.reports.scope import Period

from .conftest import PERIOD, QUERY

QUASI = ctdc.QUASI_IDENTIFIERS


def rows_of(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_each_victim_is_a_row_in_the_standard_s_terms(coalition, settings):
    settings.SMALL_CELL_THRESHOLD = 1  # nothing to protect: the values as they are
    result = ctdc.dataset(PERIOD)
    assert (result.suppressed_values, result.dropped_rows) == (0, 0)
    assert len(result.rows) == 9  # Sahil's six and LAS's three, in the period
    by_age = {row["ageBroad"]: row for row in result.rows}
    a3 = by_age["30--38"]  # A3: a man of 30 exploited in forced labour in Saudi Arabia
    assert (a3["gender"], a3["majorityStatus"], a3["citizenship"]) == ("Male", "Adult", "PK")
    assert (a3["isForcedLabour"], a3["isSexualExploit"], a3["CountryOfExploitation"]) == (
        1, 0, "SA"
    )  # fmt: skip
    assert a3["typeOfExploitConcatenated"] == "Forced labour"
    assert a3["yearOfRegistration"] == 2026
    assert a3["province"] == "punjab"
    b2 = by_age["0--8"]  # B2: a boy of 8 in forced begging
    assert (b2["majorityStatus"], b2["typeOfLabourBegging"]) == ("Minor", 1)
    genders = Counter(row["gender"] for row in result.rows)
    assert genders == {"Female": 4, "Male": 3, "Transgender": 2}


def test_the_file_holds_no_identifier(coalition, settings):
    settings.SMALL_CELL_THRESHOLD = 1
    content = ctdc.as_csv(ctdc.dataset(PERIOD)).decode()
    header = content.splitlines()[0].split(",")
    assert header == ctdc.COLUMNS
    for case in [*coalition.a.values(), *coalition.b.values()]:
        for identifier in (case.number, case.full_name, case.cnic, case.phone):
            assert not identifier or identifier not in content
    assert "2026-01" not in content  # no dates, only the year


@pytest.mark.parametrize("k", [2, 3, 11])
def test_no_combination_of_quasi_identifiers_matches_fewer_than_k_records(
    caseworker_a, caseworker_b, settings, k
):
    settings.SMALL_CELL_THRESHOLD = k
    create_cases(count=400, seed=k)
    period = Period(PERIOD.start.replace(year=2020), PERIOD.end.replace(year=2030))
    result = ctdc.dataset(period)
    counts = Counter(combination(row, QUASI) for row in rows_of(ctdc.as_csv(result)))
    assert counts and min(counts.values()) >= k
    victims = ctdc.victims(period).count()
    assert len(result.rows) + result.dropped_rows == victims
    assert result.suppressed_values > 0  # 400 varied people: some values had to go


def test_an_analyst_builds_the_dataset_sees_the_counts_and_it_is_logged(
    as_user, coalition, analyst, small_k, in_2027, django_capture_on_commit_callbacks
):
    client = as_user(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/ctdc/", QUERY)
    dataset = StoredReport.objects.get(kind=StoredReport.Kind.CTDC)
    assert response.status_code == 302
    assert response["Location"] == f"/reports/stored/{dataset.pk}/"
    assert dataset.status == StoredReport.Status.DONE
    summary = dataset.summary
    assert summary["k"] == 2
    assert summary["rows"] + summary["dropped_rows"] == 9
    page = client.get(response["Location"]).content.decode()
    assert "Values blanked to protect people" in page
    built = AccessLog.objects.get(verb="report.built")
    assert built.actor == analyst.user
    assert built.details["suppressed_values"] == summary["suppressed_values"]
    download = client.get(f"/reports/stored/{dataset.pk}/files/ctdc/")
    rows = rows_of(b"".join(download.streaming_content))
    assert len(rows) == summary["rows"]
    counts = Counter(combination(row, QUASI) for row in rows)
    assert min(counts.values()) >= 2
    exported = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (exported.verb, exported.details["format"]) == ("report.exported", "ctdc")
    assert exported.details["dropped_rows"] == summary["dropped_rows"]
