"""Trafficking and migrant smuggling counted apart, and the HTCDS fields of the CTDC dataset."""

from datetime import date

import pytest

from cases.models import CaseEvent, Perpetrator, SmugglingRecord
from cases.services import record, set_facets
from coalition.reports import ctdc
from coalition.reports.anonymity import combination
from coalition.reports.figures import build_report
from coalition.reports.scope import ReportScope

from .conftest import PERIOD, person
from .test_figures import texts


def smuggled(staff, day, case_type="migrant_smuggling", **smuggling):
    case = person(staff, day, sex="male", gender_identity="man", estimated_age=22,
                  origin_province="punjab", origin_district="Gujrat", case_type=case_type,
                  scope="transnational")  # fmt: skip
    record.save_smuggling_record(record=SmugglingRecord(case=case, **smuggling), by=staff.user)
    return case


def test_the_report_counts_trafficking_and_smuggling_apart(coalition, caseworker_a, org_a):
    smuggled(caseworker_a, date(2026, 2, 1), intercepted=True, intercepted_by="fia")
    smuggled(caseworker_a, date(2026, 2, 2), case_type="both", fate="missing",
             family_contact_name="Father")  # fmt: skip
    report = build_report(ReportScope(org_a), PERIOD)
    assert texts(report, "crime") == {
        "trafficking": "6", "migrant_smuggling": "1", "both": "1", "total": "8"
    }  # fmt: skip
    outcomes = texts(report, "smuggling_outcomes")
    assert (outcomes["intercepted"], outcomes["missing"], outcomes["died"]) == ("1", "1", "0")
    # Smuggling is a crime of its own, not a type of exploitation.
    assert "migrant_smuggling" not in texts(report, "exploitation")
    assert [s.key for s in report.sections][:2] == ["cases", "smuggling"]


def test_the_coalition_report_shows_the_split_protected(coalition, caseworker_a, small_k):
    smuggled(caseworker_a, date(2026, 2, 1))
    report = build_report(ReportScope(None), PERIOD)
    crime = report.table("crime")
    assert crime.protected
    shown = texts(report, "crime")
    assert shown["migrant_smuggling"] == "<2"  # one person: hidden
    assert shown["trafficking"] not in ("9", "<2")  # nine people, rounded to base 5
    assert "migrant_smuggling" not in texts(report, "exploitation")


def test_people_by_recruitment_channel_counts_each_person_once_per_channel(
    coalition, caseworker_a, org_a
):
    case = coalition.a["A1"]
    for day in (1, 2):  # two recruitment events through Facebook: one person
        record.save_event(
            event=CaseEvent(case=case, kind="recruitment", started_on=date(2025, 5, day),
                            district="Kasur", channel="facebook"),
            by=caseworker_a.user,
        )  # fmt: skip
    shown = texts(build_report(ReportScope(org_a), PERIOD), "recruitment_channel")
    assert (shown["facebook"], shown["agent"]) == ("1", "0")


@pytest.fixture
def htcds_case(coalition, caseworker_a):
    """A2 (sexual exploitation), with the new record: recruited on TikTok, exploited online in
    Dubai, two perpetrators, and control by restricting money."""
    case = coalition.a["A2"]
    set_facets(case, {"control": ["restricts_financial_access", "threats"]})
    record.save_event(
        event=CaseEvent(case=case, kind="recruitment", started_on=date(2025, 3, 1),
                        district="Kasur", channel="tiktok"),
        by=caseworker_a.user,
    )  # fmt: skip
    record.save_event(
        event=CaseEvent(case=case, kind="exploitation", started_on=date(2025, 4, 1),
                        country="AE", city="Dubai", sexual_exploitation="online"),
        by=caseworker_a.user,
    )  # fmt: skip
    for roles in (["recruiter"], ["exploiter", "facilitator"]):
        record.save_perpetrator(
            perpetrator=Perpetrator(case=case, name="x", roles=roles), by=caseworker_a.user
        )
    return case


def row_of(result, **match):
    found = [r for r in result.rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, found
    return found[0]


def test_the_export_maps_the_htcds_fields_one_by_one(htcds_case, settings):
    settings.SMALL_CELL_THRESHOLD = 1
    a2 = row_of(ctdc.dataset(PERIOD), ageBroad="24--26")
    expected = {
        # Type of sexual exploitation (HTCDS typeOfSex*), from the exploitation events.
        "typeOfSexRemoteInteractiveServices": 1,
        "typeOfSexProstitution": 0,
        "typeOfSexPornography": 0,
        "typeOfSexPrivateSexualServices": 0,
        "typeOfSexConcatenated": "Remote interactive services",
        # Exploitation country as a code, from the event, not guessed from free text.
        "CountryOfExploitation": "AE",
        # The recruitment channel, coarsened (a named app would single a person out).
        "recruitmentChannel": "Online",
        # Perpetrators' roles in the process.
        "perpetratorRoleRecruiter": 1,
        "perpetratorRoleExploiter": 1,
        "perpetratorRoleFacilitator": 1,
        "perpetratorRoleTransporter": 0,
        "perpetratorRoleAgent": 0,
        "perpetratorRoleFamilyMember": 0,
        # The four means of control HTCDS 2.0 added.
        "meansOfControlRestrictsFinancialAccess": 1,
        "meansOfControlRestrictsMedicalCare": 0,
        "meansOfControlUsesChildren": 0,
        "meansOfControlThreatOfLawEnforcement": 0,
        "meansOfControlThreats": 1,
        "isSexualExploit": 1,
    }
    assert {column: a2[column] for column in expected} == expected


def test_a_person_with_nothing_recorded_is_not_specified_rather_than_no(coalition, settings):
    settings.SMALL_CELL_THRESHOLD = 1
    a1 = row_of(ctdc.dataset(PERIOD), ageBroad="9--17", gender="Female")
    assert a1["perpetratorRoleRecruiter"] == ""  # no perpetrator recorded
    assert a1["recruitmentChannel"] == ""
    assert a1["typeOfSexConcatenated"] == ""  # not sexually exploited
    assert a1["CountryOfExploitation"] == "PK"  # internal, recorded before events existed


def test_labour_types_htcds_added_are_exported(coalition, caseworker_a, settings):
    settings.SMALL_CELL_THRESHOLD = 1
    person(caseworker_a, date(2026, 3, 20), sex="male", gender_identity="man", estimated_age=45,
           origin_province="sindh", scope="internal", labour_industry="peddling",
           facets={"exploitation": ["forced_labour"]})  # fmt: skip
    row = row_of(ctdc.dataset(PERIOD), typeOfLabourPeddling=1)
    assert (row["typeOfLabourIllicitActivities"], row["typeOfLabourTransportation"]) == (0, 0)


def test_smuggling_only_cases_stay_out_and_both_stay_in(coalition, caseworker_a, settings):
    settings.SMALL_CELL_THRESHOLD = 1
    before = len(ctdc.dataset(PERIOD).rows)
    smuggled(caseworker_a, date(2026, 2, 1))
    smuggled(caseworker_a, date(2026, 2, 2), case_type="both")
    assert len(ctdc.dataset(PERIOD).rows) == before + 1


def test_the_recruitment_channel_is_blanked_before_it_singles_someone_out(htcds_case, settings):
    settings.SMALL_CELL_THRESHOLD = 2
    result = ctdc.dataset(PERIOD)
    assert all(row["recruitmentChannel"] != "Online" for row in result.rows)
    for row in result.rows:
        same = [r for r in result.rows if combination(r, ctdc.QUASI_IDENTIFIERS)
                == combination(row, ctdc.QUASI_IDENTIFIERS)]  # fmt: skip
        assert len(same) >= 2
