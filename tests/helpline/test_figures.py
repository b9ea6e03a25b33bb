"""Helpline figures: counted in the database, small counts hidden in the coalition's report."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cases.helpline import services
from coalition.reports.figures import build_report
from coalition.reports.rounding import rounded
from coalition.reports.scope import Period, ReportScope
from coalition.reports.suppression import Mark

from .conftest import CALL


@pytest.fixture
def calls(hotline, hotline_a):
    """The secretariat: 12 legal-aid calls from Kasur answered with information, 1 rescue call
    from Swat that opened a call-back; Sahil's desk: 2 shelter calls."""
    made = [services.log_call(by=hotline.user, **CALL) for _ in range(12)]
    made.append(
        services.log_call(
            by=hotline.user,
            **{**CALL, "request": "rescue", "outcome": "call_back", "district": "Swat"},
            callback_due=timezone.now() + timedelta(hours=3),
        )
    )
    made += [
        services.log_call(by=hotline_a.user, **{**CALL, "request": "shelter"}) for _ in range(2)
    ]
    return made


def period() -> Period:
    today = timezone.localdate()
    return Period(today - timedelta(days=30), today)


def shown(report, key: str, column: str) -> dict[str, str]:
    table = report.table(key)
    index = [c.key for c in table.columns].index(column)
    return {row.key: cells[index].text for row, cells in table.grid()}


def test_the_coalition_report_counts_every_desks_calls_and_hides_small_counts(calls, settings):
    settings.SMALL_CELL_THRESHOLD = 11
    report = build_report(ReportScope(None), period())
    by_request = shown(report, "helpline_requests", "total")
    # The coalition's counts are published rounded to a multiple of 5 (coalition/reports/rounding).
    assert by_request["legal_aid"] == str(rounded(12))
    assert by_request["rescue"] == "<11"  # one call
    assert by_request["shelter"] == "<11"  # Sahil's two
    assert by_request["total"] == str(rounded(15))
    districts = report.table("helpline_districts")
    assert districts.protected
    assert shown(report, "helpline_districts", "calls")["d1"] == "<11"  # Swat
    assert districts.mark("d1", "calls") is Mark.SMALL
    callbacks = shown(report, "helpline_callbacks", "calls")
    assert callbacks["waiting"] == "<11"


def test_a_single_hidden_cell_cannot_be_worked_out_from_its_total(calls, settings):
    settings.SMALL_CELL_THRESHOLD = 11
    report = build_report(ReportScope(None), period())
    table = report.table("helpline_requests")
    # "Information given": 12 legal-aid calls, 2 shelter calls (hidden), 14 in all. Showing 12
    # and 14 would give the 2 away, so another cell of the column is withheld as well.
    assert table.mark("shelter", "information_given") is Mark.SMALL
    column = shown(report, "helpline_requests", "information_given")
    assert column["shelter"] == "<11"
    assert "*" in {column["legal_aid"], column["total"]}


def test_a_members_report_counts_its_own_calls_exactly(calls, org_a, settings):
    settings.SMALL_CELL_THRESHOLD = 11
    report = build_report(ReportScope(org_a), period())
    assert shown(report, "helpline_requests", "total") == {"shelter": "2", "total": "2"}
    hours = shown(report, "helpline_hours", "total")
    assert hours["total"] == "2"


def test_the_secretariats_analyst_sees_the_helpline_section_on_the_dashboard(
    calls, analyst, as_user
):
    page = as_user(analyst).get("/reports/").content.decode()
    assert "Helpline calls, by what was asked and what was done" in page


def test_the_busiest_districts_are_named_in_the_language_the_report_is_read_in(calls):
    report = build_report(ReportScope(None), period())  # counted once, read in both languages
    labels = {row.key: row.label for row in report.table("helpline_districts").rows}
    with translation.override("en"):
        assert (str(labels["d0"]), str(labels["d1"])) == ("Kasur", "Swat")
    with translation.override("ur"):
        assert (str(labels["d0"]), str(labels["d1"])) == ("قصور", "سوات")
