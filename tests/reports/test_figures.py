"""Each figure against the hand-counted coalition in conftest.py (k = 2 so counts show)."""

import pytest

from coalition.reports.figures import build_report
from coalition.reports.rounding import rounded
from coalition.reports.scope import ReportScope

from .conftest import PERIOD


def texts(report, table_key: str, column: str = "people") -> dict[str, str]:
    """Row key -> the text a cell of `column` shows."""
    table = report.table(table_key)
    index = [c.key for c in table.columns].index(column)
    return {row.key: cells[index].text for row, cells in table.grid()}


@pytest.fixture
def sahil_report(coalition, org_a, small_k):
    return build_report(ReportScope(org_a), PERIOD)


@pytest.fixture
def coalition_report(coalition, small_k):
    return build_report(ReportScope(None), PERIOD)


def test_cases_opened_and_closed_per_month(sahil_report):
    assert texts(sahil_report, "months", "opened") == {
        "2026-01": "2", "2026-02": "2", "2026-03": "2", "total": "6"
    }  # fmt: skip
    # A3 closed in February; the duplicate record's closure is no one's.
    assert texts(sahil_report, "months", "closed") == {
        "2026-01": "0", "2026-02": "1", "2026-03": "0", "total": "1"
    }  # fmt: skip


def test_people_by_province_and_district_of_origin(sahil_report):
    shown = texts(sahil_report, "origin")
    assert shown["punjab"] == "4"
    assert shown["punjab:Kasur"] == "3"
    assert shown["punjab:Lahore"] == "1"
    assert shown["sindh"] == "2"
    assert shown["sindh:Karachi"] == "1"
    assert shown["sindh:"] == "1"  # district not recorded
    assert shown["kpk"] == "0"
    assert shown["total"] == "6"


def test_people_by_exploitation_type_count_each_type_once_per_person(sahil_report):
    shown = texts(sahil_report, "exploitation")
    assert shown["forced_labour"] == "2"  # A1, A3
    assert shown["bonded_labour"] == "2"  # A1, A6
    assert shown["sexual"] == "2"  # A2, A4
    assert shown["none"] == "1"  # A5
    assert shown["organ_removal"] == "0"


def test_people_by_sex_and_gender_identity_with_transgender_counted(sahil_report):
    assert texts(sahil_report, "sex") == {
        "female": "3", "male": "2", "intersex": "1", "unknown": "0", "total": "6"
    }  # fmt: skip
    gender = texts(sahil_report, "gender")
    assert gender["woman"] == "2"
    assert gender["man"] == "2"
    assert gender["transgender"] == "2"  # a khawaja sira and a transgender woman
    assert gender["khawaja_sira"] == "1"
    assert gender["transgender_woman"] == "1"


def test_age_bands_are_computed_at_intake_from_birth_date_or_estimate(sahil_report):
    age = texts(sahil_report, "age")
    assert age["children"] == "2"  # A1 estimated 12, A6 turned 16 on the day
    assert age["9-17"] == "2"
    assert age["adults"] == "3"
    assert age["18-20"] == "1"  # A4, 19
    assert age["24-26"] == "1"  # A2, born 2000-02-01: 25 on 2026-01-20
    assert age["30-38"] == "1"  # A3
    assert age["unknown"] == "1"  # A5
    assert age["total"] == "6"


def test_intake_channel_and_internal_or_cross_border(sahil_report):
    channel = texts(sahil_report, "channel")
    assert (channel["helpline"], channel["walk_in"], channel["police"]) == ("4", "1", "1")
    assert texts(sahil_report, "scope") == {
        "internal": "4", "transnational": "1", "none": "1", "total": "6"
    }  # fmt: skip


def test_legal_funnel_by_law(sahil_report):
    legal = sahil_report.table("legal")
    shown = {row.key: [cell.text for cell in cells] for row, cells in legal.grid()}
    # complaints, FIRs, investigation now, challans, trial now, convictions, acquittals
    assert shown["ptpa"] == ["2", "2", "0", "1", "0", "1", "0"]  # A1 at FIR, A2 convicted
    assert shown["psma"] == ["1", "1", "0", "1", "1", "0", "0"]  # A3 in trial
    assert shown["bonded_labour"] == ["1", "1", "1", "0", "0", "0", "0"]  # A6
    assert shown["total"] == ["4", "4", "1", "2", "1", "1", "0"]


def test_member_report_counts_its_own_referrals_exactly(sahil_report, org_b):
    sent = sahil_report.table("sent")
    row = {c.key: cell.text for c, cell in zip(sent.columns, sent.grid()[0][1], strict=True)}
    assert sent.grid()[0][0].label == org_b.short_name
    assert (row["accepted"], row["declined"], row["pending"], row["overdue"]) == (
        "1", "1", "1", "1"
    )  # fmt: skip
    assert row["total"] == "3"
    assert row["acceptance"] == "50%"


def test_member_report_hides_small_counts_of_other_members_cases(sahil_report):
    received = texts(sahil_report, "received", "completed")
    assert received[str(sahil_report.table("received").rows[0].key)] == "<2"  # LAS's B1
    assert texts(sahil_report, "services_for_others")["total"] == "<2"
    assert not sahil_report.table("sent").protected
    assert sahil_report.table("received").protected


def test_member_report_services_on_its_own_cases(sahil_report, org_a, org_b):
    services = sahil_report.table("services")
    shown = {row.label: [cell.text for cell in cells] for row, cells in services.grid()}
    columns = [str(c.label) for c in services.columns]
    assert columns == ["Legal aid", "Psychosocial support", "Shelter", "Total"]
    assert shown[org_a.short_name] == ["1", "0", "1", "2"]  # A1 legal aid, A2 shelter
    assert shown[org_b.short_name] == ["0", "1", "0", "1"]  # A1 psychosocial
    assert shown["Total"] == ["1", "1", "1", "2"]  # two people: A1 and A2


def test_coalition_report_counts_every_member_and_publishes_the_counts_rounded(coalition_report):
    sex = coalition_report.table("sex")
    assert (sex.value("total", "people"), sex.value("female", "people")) == (9, 5)
    assert coalition_report.table("months").value("2026-01", "opened") == 3
    assert texts(coalition_report, "sex")["total"] == str(rounded(9))
    assert texts(coalition_report, "sex")["female"] == "5"
    assert texts(coalition_report, "months", "opened")["2026-01"] == str(rounded(3))


def test_coalition_report_hides_a_single_person_and_its_work_back_partner(coalition_report):
    sex = texts(coalition_report, "sex")
    assert sex["intersex"] == "<2"  # one person
    assert sex["male"] == "*"  # else 9 - 5 - 3 - 0 would give the intersex count away
    assert sex["female"] == "5"
    assert sex["total"] == str(rounded(9))


def test_coalition_report_suppression_runs_until_no_total_gives_a_cell_away(coalition_report):
    age = texts(coalition_report, "age")
    assert age["0-8"] == "<2"  # B2
    assert age["9-17"] == "*"  # else children (3) - 9-17 would give 0-8 away
    assert age["unknown"] == "<2"  # A5
    assert age["children"] == "*"  # else 9 - children - adults would give "unknown" away
    assert age["adults"] == "5"
    assert age["total"] == str(rounded(9))
    figures = dict(coalition_report.key_figures())
    assert figures["Children"].text == "*"


def test_referral_flows_and_response_times_in_the_coalition_report(coalition_report, org_a, org_b):
    flows = coalition_report.table("flows")
    assert flows.value(str(org_a.pk), str(org_b.pk)) == 3  # A1, A2, A3 to LAS
    assert flows.value(str(org_b.pk), str(org_a.pk)) == 1
    assert texts(coalition_report, "flows", str(org_a.pk))[str(org_b.pk)] == "<2"
    times = coalition_report.table("response_times")
    cells = {row.key: [cell.text for cell in row_cells] for row, row_cells in times.grid()}
    assert cells[str(org_b.pk)] == ["6.0", "9.2"]  # LAS answered in 2 h and 10 h
    assert cells[str(org_a.pk)] == ["*", "*"]  # one answer: too few to show
    assert cells["total"] == ["4.0", "8.8"]  # percentile_cont of 2, 4 and 10 hours
    outcomes = texts(coalition_report, "received_outcomes")
    assert outcomes["service_provided"] == "<2"


def test_no_report_cell_names_a_person_or_a_case(coalition, coalition_report, sahil_report):
    every_text = " ".join(
        f"{row.label} " + " ".join(cell.text for cell in cells)
        for report in (coalition_report, sahil_report)
        for table in report.tables
        for row, cells in table.grid()
    )
    for case in [*coalition.a.values(), *coalition.b.values()]:
        assert case.number not in every_text
        assert case.full_name not in every_text
