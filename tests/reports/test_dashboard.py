"""The dashboard page: filters, charts without inline script, Urdu, and a fixed query count."""

import json
import re

from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.demo import create_cases
from coalition.reports import figures
from coalition.reports.scope import Period

from .conftest import QUERY

# The queries of one dashboard request, whatever the data: session, user, staff record with its
# organisation, the access version (4, the user's access facts cached between requests), the
# names of organisations and services (2), the figures (coalition 18, a member 22: its sent and
# received referrals are separate tables; 3 count trafficking and smuggling apart), the
# access-log entry (1, in a savepoint of the test's transaction: 3), the stored reports (1; the
# unread badge is cached, and the session saved every few minutes, not on each request), and the
# helpline calls (4). PostgreSQL takes one more: it computes the response-time percentiles in
# SQL, by member and overall, where SQLite reads the durations once and computes them in Python.
DASHBOARD_QUERIES = {"coalition": 28 + 4, "member": 32 + 4}
PERCENTILE_QUERIES = {"postgresql": 1, "sqlite": 0}


def expected_queries(scope: str) -> int:
    return DASHBOARD_QUERIES[scope] + PERCENTILE_QUERIES[connection.vendor]


def test_the_dashboard_makes_a_fixed_number_of_queries(
    request, as_user, analyst, supervisor_a, django_assert_max_num_queries
):
    readers = {"coalition": analyst, "member": supervisor_a}
    for scope, staff in readers.items():
        expected = expected_queries(scope)
        client = as_user(staff)
        client.get("/reports/")  # warm the session and the permission cache
        with django_assert_max_num_queries(expected) as empty:
            client.get("/reports/")
            assert len(empty) == expected
    request.getfixturevalue("coalition")  # referrals, services and legal cases
    create_cases(count=300, seed=7)
    for scope, staff in readers.items():
        expected = expected_queries(scope)
        client = as_user(staff)
        client.get("/reports/")  # the coalition's new accounts renewed the access facts
        with django_assert_max_num_queries(expected) as full:
            response = client.get("/reports/", {"year": "2026", "part": "year"})
            assert len(full) == expected
        assert response.status_code == 200


def test_filters_choose_the_period_and_province(as_user, coalition, supervisor_a, small_k):
    response = as_user(supervisor_a).get("/reports/", {**QUERY, "province": "sindh"})
    report = response.context["report"]
    assert report.period.province == "sindh"
    assert report.table("sex").value("total", "people") == 2  # A4 and A5


def test_a_wrong_period_falls_back_to_the_default_and_says_why(as_user, supervisor_a):
    response = as_user(supervisor_a).get("/reports/", {"year": "2026", "part": "q5"})
    assert response.status_code == 200
    assert response.context["period"] == Period.default()
    assert "Select a valid choice" in response.content.decode()


def test_charts_read_their_data_from_json_script_not_inline_script(
    as_user, coalition, supervisor_a, small_k
):
    html = as_user(supervisor_a).get("/reports/", QUERY).content.decode()
    assert 'src="/static/vendor/chart.umd.min.js"' in html
    assert 'src="/static/js/reports.js"' in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    with_content = [attributes for attributes, body in scripts if body.strip()]
    assert with_content  # the charts' data
    assert all('type="application/json"' in attributes for attributes in with_content)
    months = json.loads(re.search(r'id="chart-months"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert months["series"][0]["data"] == [2, 2, 2]


def test_the_dashboard_renders_right_to_left_in_urdu(as_user, supervisor_a):
    supervisor_a.language = "ur"
    supervisor_a.save(update_fields=["language"])
    client = as_user(supervisor_a)
    client.post("/i18n/setlang/", {"language": "ur", "next": "/reports/"})
    html = client.get("/reports/").content.decode()
    assert '<html lang="ur" dir="rtl">' in html


def test_figures_are_reused_for_a_few_minutes_within_one_scope_only(
    as_user, coalition, supervisor_a, supervisor_b, settings, small_k, monkeypatch
):
    # A cache of this test's own: CI's Redis also carries the broker's queues.
    monkeypatch.setattr(figures, "cache", LocMemCache("reports-test", {}))
    settings.REPORTS_CACHE_SECONDS = 60
    client = as_user(supervisor_a)
    first = client.get("/reports/", QUERY).context["report"]
    with CaptureQueriesContext(connection) as again:
        second = client.get("/reports/", QUERY).context["report"]
    assert not [q for q in again.captured_queries if "cases_case" in q["sql"]]
    assert second.generated_at == first.generated_at
    assert second.table("sex").value("total", "people") == 6
    other = as_user(supervisor_b).get("/reports/", QUERY).context["report"]
    assert other.scope.organization == supervisor_b.organization
    assert other.table("sex").value("total", "people") == 3
    sindh = client.get("/reports/", {**QUERY, "province": "sindh"}).context["report"]
    assert sindh.table("sex").value("total", "people") == 2


def test_dashboards_are_counted_ahead_of_their_readers(db, settings, monkeypatch):
    from coalition.reports.figures import cache_key
    from coalition.reports.scope import ReportScope
    from coalition.reports.tasks import recount_dashboards

    own_cache = LocMemCache("reports-recount-test", {})
    monkeypatch.setattr(figures, "cache", own_cache)
    settings.REPORTS_CACHE_SECONDS = 300
    assert recount_dashboards() == 16  # the coalition and its 15 members
    assert own_cache.get(cache_key(ReportScope(None), Period.default())) is not None


def test_the_legend_says_which_counts_are_rounded_and_which_exact(as_user, analyst, supervisor_a):
    coalition = as_user(analyst).get("/reports/").context["legend"]
    member = as_user(supervisor_a).get("/reports/").context["legend"]
    assert any(line.startswith("Every count is rounded to a multiple of 5") for line in coalition)
    assert any(
        line.startswith("Counts of your own organisation's cases are exact") for line in member
    )
    assert not any("Every count is rounded" in line for line in member)
