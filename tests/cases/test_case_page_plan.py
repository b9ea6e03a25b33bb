"""A case page reads its own case, never the organisation's other cases (EXPLAIN ANALYZE)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.demo import create_cases
from cases.models import Case, LegalProceeding
from members.models import Organization

from .conftest import open_case

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plans are PostgreSQL's (CI runs on it)"
)
ORGANISATION_CASES = 2000
SCANS = ("Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Tid Scan")


def plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


def case_rows_read(sql: str) -> list[tuple[str, float, int]]:
    """(node type, rows per loop, loops) of every scan of cases_case in the query's plan."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return [
        (node["Node Type"], node["Actual Rows"], node["Actual Loops"])
        for node in plan_nodes(plan[0]["Plan"])
        if node["Node Type"] in SCANS and node.get("Relation Name") == "cases_case"
    ]


def test_the_case_page_reads_no_other_case_of_the_organisation(
    as_user, org_a, supervisor_a, caseworker_a
):
    others = Organization.objects.filter(kind=Organization.Kind.MEMBER).exclude(pk=org_a.pk)
    others = list(others.filter(active=True).values_list("pk", flat=True))
    Organization.objects.filter(pk__in=others).update(active=False)  # all synthetic cases: A's
    create_cases(count=ORGANISATION_CASES)
    Organization.objects.filter(pk__in=others).update(active=True)
    case = open_case(caseworker_a, full_name="Page Case")
    for i in range(3):
        services.add_note(case=case, by=caseworker_a.user, kind="note", text=f"note {i}")
        proceeding = LegalProceeding(
            case=case, authority="police", law="ptpa_2018", fir_number=f"{i}/2026", stage="fir"
        )
        services.save_proceeding(proceeding=proceeding, by=caseworker_a.user)
    assert Case.objects.with_scopes_disabled().filter(organization=org_a).count() > 2000
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner knows the organisation holds 2,000 cases
    client = as_user(supervisor_a)  # sees every case of the organisation
    client.get(f"/cases/{case.pk}/")

    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/cases/{case.pk}/").status_code == 200
    selects = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    reading_cases = [(sql, case_rows_read(sql)) for sql in selects]
    assert any(scans for _, scans in reading_cases)  # the page reads its case at least
    for sql, scans in reading_cases:
        for node_type, rows, loops in scans:
            assert node_type not in ("Seq Scan", "Bitmap Heap Scan"), (node_type, sql)
            assert rows <= 1, (node_type, rows, loops, sql)


def test_the_plan_check_sees_a_query_that_reads_the_organisations_cases(
    as_user, org_a, supervisor_a, caseworker_a
):
    """The check above would catch a page that read them: the case list does, by design."""
    for i in range(30):
        open_case(caseworker_a, full_name=f"Listed {i}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")
    client = as_user(supervisor_a)
    client.get("/cases/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/cases/").status_code == 200
    selects = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    rows = [rows * loops for sql in selects for _, rows, loops in case_rows_read(sql)]
    assert max(rows) >= 30
