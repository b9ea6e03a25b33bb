"""No two reports the app makes can be subtracted to find a person (k = 11, the default).

The fixture has people enough for counts above k, and the defect's person: one intersex person
who reached a member on 31 January, after twenty women that month.
"""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage

from coalition.reports import services, tables
from coalition.reports.figures import build_report
from coalition.reports.rounding import rounded
from coalition.reports.scope import Period, ReportScope
from members.geography import Province

from .attacker import Attacker
from .conftest import at, person, refer

K = 11
YEAR = 2026


@pytest.fixture
def k(settings):
    settings.SMALL_CELL_THRESHOLD = K
    return K


def people(staff, first: date, count: int, **fields) -> list:
    return [person(staff, first + timedelta(days=n), **fields) for n in range(count)]


@pytest.fixture
def january(caseworker_a, k):
    """The defect: twenty women from 1 to 20 January, one intersex person on 31 January."""
    women = people(caseworker_a, date(YEAR, 1, 1), 20, sex="female", gender_identity="woman",
                   estimated_age=25, origin_province="punjab", origin_district="Kasur",
                   intake_channel="helpline", scope="internal")  # fmt: skip
    intersex = person(caseworker_a, date(YEAR, 1, 31), sex="intersex",
                      gender_identity="khawaja_sira", estimated_age=19,
                      origin_province="punjab", origin_district="Kasur",
                      intake_channel="helpline", scope="internal")  # fmt: skip
    return women, intersex


@pytest.fixture
def year_of_cases(january, caseworker_a, caseworker_b, org_a, org_b):
    women, _intersex = january
    a, b = caseworker_a, caseworker_b
    people(a, date(YEAR, 2, 1), 12, sex="male", gender_identity="man", estimated_age=30,
           origin_province="sindh", origin_district="Karachi", intake_channel="police",
           scope="transnational")  # fmt: skip
    people(a, date(YEAR, 3, 1), 11, sex="female", gender_identity="woman", estimated_age=40,
           origin_province="kpk", origin_district="Swat", intake_channel="walk_in",
           scope="internal")  # fmt: skip
    person(
        a,
        date(YEAR, 3, 20),
        sex="male",
        gender_identity="man",
        estimated_age=16,
        origin_province="punjab",
        origin_district="Lahore",
        intake_channel="helpline",
    )
    people(b, date(YEAR, 2, 15), 13, sex="female", gender_identity="woman", estimated_age=22,
           origin_province="punjab", origin_district="Lahore", intake_channel="helpline",
           scope="internal")  # fmt: skip
    from_las = people(b, date(YEAR, 4, 1), 14, sex="female", gender_identity="woman",
                      estimated_age=22, origin_province="balochistan",
                      origin_district="Quetta", intake_channel="fia")  # fmt: skip
    person(
        b,
        date(YEAR, 5, 5),
        sex="female",
        gender_identity="transgender_woman",
        estimated_age=27,
        origin_province="sindh",
        intake_channel="helpline",
    )
    # Twelve of Sahil's January women referred to LAS in January, one more in March; LAS
    # referred one person to Sahil in April.
    for n, case in enumerate(women[:12]):
        refer(case, a, org_b, "legal_aid", sent=at(date(YEAR, 1, 21 + n % 7), 10))
    refer(women[12], a, org_b, "shelter", sent=at(date(YEAR, 3, 3), 10))
    refer(from_las[0], b, org_a, "psychosocial", sent=at(date(YEAR, 4, 3), 10))


def periods() -> list[Period]:
    """The months, quarters and whole of the year: every period a report of it can cover."""
    return [
        *[Period.month(YEAR, month) for month in range(1, 13)],
        *[Period.quarter(YEAR, quarter) for quarter in range(1, 5)],
        Period.year(YEAR),
    ]


def family(scope: ReportScope) -> dict[Period, object]:
    """Every report of the scope for the year, for each province and all, that counts anyone.
    Reports of other years, and of periods or provinces with no one in them, show only zeros:
    subtracting them gives nothing, and the attacker takes their counts as the zeros they are."""
    everyone = {period: build_report(scope, period) for period in periods()}
    origin = everyone[Period.year(YEAR)].table("origin")
    provinces = [p for p in Province.values if origin.value(p, "people")]
    reports = {}
    for period, report in everyone.items():
        if not any(any(table.counts().values()) for table in report.tables):
            continue
        reports[period] = report
        for province in provinces:
            filtered = Period(period.start, period.end, province)
            reports[filtered] = build_report(scope, filtered)
    return reports


def contains(outer: Period, inner: Period) -> bool:
    same_people = outer.province in ("", inner.province)
    return outer.start <= inner.start and inner.end <= outer.end and same_people


def attack(scope: ReportScope, *, exact: bool = False) -> Attacker:
    reports = family(scope)
    attacker = Attacker(K, exact=exact)
    for period, report in reports.items():
        for table in report.tables:
            attacker.read(period, table)
    for outer, report in reports.items():
        for inner in reports:
            if inner != outer and contains(outer, inner):
                attacker.nested(inner, outer, report.tables)
        for pieces in tilings(outer):
            attacker.tiled(outer, pieces, report.tables, remainder=False)
        if not outer.province:
            provinces = [Period(outer.start, outer.end, p) for p in Province.values]
            attacker.tiled(outer, provinces, report.tables, remainder=True)
    attacker.narrow()
    attacker.check_sound()
    return attacker


def tilings(period: Period) -> list[list[Period]]:
    """The ways adjacent reports make up `period`: a quarter's months, a year's quarters or
    months (none for a month)."""
    province = period.province
    months = [Period.month(m.year, m.month, province) for m in period.months()]
    if len(months) == 12:
        return [[Period.quarter(YEAR, quarter, province) for quarter in range(1, 5)], months]
    return [months] if len(months) == 3 else []


def test_no_pair_of_coalition_reports_gives_a_hidden_count_away(year_of_cases):
    assert attack(ReportScope(None)).given_away() == []


def test_no_pair_of_a_member_s_reports_gives_another_member_s_hidden_count_away(
    year_of_cases, org_a
):
    assert attack(ReportScope(org_a)).given_away() == []


def test_the_attacker_finds_the_person_when_counts_are_published_exactly(
    year_of_cases, monkeypatch
):
    """Suppression alone, as before rounding: the same reports give hidden counts away."""
    monkeypatch.setattr(tables, "rounded", lambda count: count)
    found = attack(ReportScope(None), exact=True).given_away()
    assert found
    assert any(variable[-2:] == ("intersex", "people") for variable, _count in found)


def published_sex(response) -> dict[str, str]:
    table = response.context["report"].table("sex")
    return {row.key: cells[0].text for row, cells in table.grid()}


def test_the_last_day_of_january_cannot_be_subtracted_from_january(as_user, analyst, january):
    """The defect: 1-31 January showed intersex "<11", female "*", total 21; 1-30 January showed
    female 20, male 0, total 20: so one intersex person reached a member on 31 January."""
    client = as_user(analyst)
    to_31st = client.get("/reports/", {"start": f"{YEAR}-01-01", "end": f"{YEAR}-01-31"})
    to_30th = client.get("/reports/", {"start": f"{YEAR}-01-01", "end": f"{YEAR}-01-30"})
    for response in (to_31st, to_30th):
        assert "not chosen days" in response.content.decode()
        assert response.context["report"].period.is_standard()
    longer, shorter = published_sex(to_31st), published_sex(to_30th)
    differences = [
        int(longer[key]) - int(shorter[key])
        for key in longer
        if longer[key].isdigit() and shorter[key].isdigit()
    ]
    assert not [d for d in differences if 0 < d < K]
    # January and the first quarter, the reports that are left, hide the person both ways.
    month = published_sex(client.get("/reports/", {"year": YEAR, "part": "m01"}))
    quarter = published_sex(client.get("/reports/", {"year": YEAR, "part": "q1"}))
    assert month["intersex"] == quarter["intersex"] == f"<{K}"
    assert month["total"] == quarter["total"] != "21"


def test_the_monthly_report_follows_the_same_rule(
    january, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "FORMATS", {"csv": services.FORMATS["csv"]})
    with django_capture_on_commit_callbacks(execute=True):
        report = services.monthly_report(Period.month(YEAR, 1))
    report.refresh_from_db()
    with default_storage.open(report.files["csv-en"]) as file:
        rows = list(csv.reader(io.StringIO(file.read().decode("utf-8-sig"))))
    start = rows.index(["People by sex"])
    sex = dict(row for row in rows[start + 2 : start + 7] if len(row) == 2)
    assert (sex["Intersex"], sex["Female"]) == (f"<{K}", "*")
    assert sex["Total"] == str(rounded(21)) != "21"
