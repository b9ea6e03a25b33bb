"""The case counts kept ahead (summary.py) give the figures counted from the cases themselves."""

import pytest

from cases import vocabularies as v
from cases.demo import create_cases
from cases.models import Case
from coalition.reports import summary
from coalition.reports.figures import build_report
from coalition.reports.models import CaseCountBuild
from coalition.reports.scope import Period, ReportScope
from members.models import Organization

CASE_TABLES = (
    *("months", "origin", "exploitation", "sex", "gender", "age", "channel", "scope"),
    *("crime", "smuggling_outcomes", "recruitment_channel", "legal"),
)


@pytest.fixture
def postgresql(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the case counts are kept on PostgreSQL only")


def case_figures(scope: ReportScope, period: Period) -> dict:
    """Every count of the case tables as counted (before suppression), and as shown."""
    report = build_report(scope, period)
    return {
        key: (
            [(row.key, row.values) for row in report.table(key).rows],
            [[cell.text for cell in cells] for _row, cells in report.table(key).grid()],
        )
        for key in CASE_TABLES
    }


def test_the_kept_counts_give_the_numbers_counted_from_the_cases(postgresql, coalition, small_k):
    create_cases(count=400, seed=11)  # several years, members, provinces, closures
    # A case moved to another member after it was counted in its first one's figures.
    Case.objects.with_scopes_disabled().filter(pk=coalition.a["A2"].pk).update(
        organization=coalition.b["B1"].organization, serial=999
    )
    scopes = [ReportScope(None)] + [
        ReportScope(organization)
        for organization in Organization.objects.filter(kind=Organization.Kind.MEMBER)[:4]
    ]
    periods = [
        Period.year(2026),
        Period.year(2025),
        Period.quarter(2026, 1),
        Period.month(2026, 2),
        Period.year(2026, "sindh"),
        Period.year(2025, "punjab"),
    ]
    counted = {(s, p): case_figures(s, p) for s in scopes for p in periods}
    assert summary.built_at() is None
    assert summary.rebuild() > 0
    assert CaseCountBuild.objects.get().built_at == summary.built_at()
    for (scope, period), figures in counted.items():
        assert case_figures(scope, period) == figures, (scope.slug, period)


def test_a_rebuild_forgets_what_the_cases_no_longer_hold(postgresql, coalition, small_k):
    summary.rebuild()
    coalition_2026 = (ReportScope(None), Period.year(2026))
    before = case_figures(*coalition_2026)["sex"][0]
    Case.objects.with_scopes_disabled().filter(pk=coalition.a["A1"].pk).update(
        closure_reason=v.ClosureReason.DUPLICATE
    )
    assert case_figures(*coalition_2026)["sex"][0] == before  # kept until the next build
    summary.rebuild()
    after = case_figures(*coalition_2026)["sex"][0]
    assert dict(after)["total"]["people"] == dict(before)["total"]["people"] - 1
