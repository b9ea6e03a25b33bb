"""The dashboard page: filters, charts without inline script, Urdu, and a fixed query count."""

import json
import re
from datetime import timedelta

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.demo import create_cases
from coalition.reports import figures, presented
from coalition.reports.scope import Period, ReportScope
from tests.factories import SESSION_QUERIES

from .conftest import PERIOD, QUERY

# The queries of one dashboard request, whatever the data: the session unless it is cached,
# the user (read with their staff record, organisation and the access version the cached access
# facts are keyed by) and one more (2), the names of organisations and services (2), the figures
# (coalition 18, a member 22: its sent and received referrals are separate tables; 1 asks
# whether case counts are kept, 2 count trafficking and smuggling apart), the access-log entry
# (1, one insert in no transaction of its own), the stored reports (1; the unread badge is
# cached, and the session saved every few minutes, not on each request), and the helpline calls
# (4). PostgreSQL takes one more: it computes the response-time percentiles in SQL, by member
# and overall, where SQLite reads the durations once and computes them in Python.
DASHBOARD_QUERIES = {"coalition": 25 + 2, "member": 29 + 2}
PERCENTILE_QUERIES = {"postgresql": 1, "sqlite": 0}


def expected_queries(scope: str) -> int:
    return DASHBOARD_QUERIES[scope] + PERCENTILE_QUERIES[connection.vendor] + SESSION_QUERIES


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


@pytest.fixture
def own_cache(monkeypatch, settings):
    """A cache of the test's own (CI's Redis also carries the broker's queues), kept 60 s."""
    own = LocMemCache("reports-test", {})
    monkeypatch.setattr(figures, "cache", own)
    monkeypatch.setattr(presented, "cache", own)
    settings.REPORTS_CACHE_SECONDS = 60
    return own


def people_shown(response) -> str:
    """The headline count of people, as the page shows it."""
    html = response.content.decode()
    found = re.search(r'key-figure"><bdi dir="ltr">([^<]*)</bdi></span> <span>People who', html)
    return found.group(1)


def counted(queries) -> bool:
    return any("cases_case" in query["sql"] for query in queries.captured_queries)


def test_figures_are_reused_for_a_few_minutes_within_one_scope_only(
    as_user, coalition, analyst, supervisor_a, supervisor_b, small_k, own_cache
):
    client = as_user(supervisor_a)
    first = client.get("/reports/", QUERY)
    with CaptureQueriesContext(connection) as again:
        second = client.get("/reports/", QUERY)
    assert not counted(again)
    assert second.context["report"] is None  # sent as it was kept, not laid out again
    assert second.context["figures"].counted_at == first.context["figures"].counted_at
    assert people_shown(second) == "6"  # the member's own cases: exact
    assert people_shown(as_user(supervisor_b).get("/reports/", QUERY)) == "3"
    assert people_shown(client.get("/reports/", {**QUERY, "province": "sindh"})) == "2"
    coalition_page = as_user(analyst).get("/reports/", QUERY)
    assert coalition_page.context["figures"].html != second.context["figures"].html
    # The member's cached page is still its own after the coalition's was kept.
    assert people_shown(client.get("/reports/", QUERY)) == "6"


def test_a_cached_dashboard_makes_a_few_queries_and_counts_nothing(
    as_user, coalition, analyst, small_k, own_cache, django_assert_max_num_queries
):
    client = as_user(analyst)
    client.get("/reports/", QUERY)
    # Session, user, access facts and permissions, the access-log entry (in a savepoint), the
    # stored reports, the unread badge and the session's save: no figure is counted.
    with django_assert_max_num_queries(14) as queries:
        client.get("/reports/", QUERY)
    assert not counted(queries)


def test_a_stale_copy_is_sent_while_someone_else_counts_again(
    as_user, coalition, supervisor_a, small_k, own_cache
):
    client = as_user(supervisor_a)
    kept = client.get("/reports/", QUERY).context["figures"]
    key = presented.fragment_key(ReportScope(supervisor_a.organization), PERIOD, "en")
    stale = own_cache.get(key)
    stale.fresh_until = timezone.now() - timedelta(seconds=1)
    own_cache.set(key, stale)
    lock = presented.lock_key(ReportScope(supervisor_a.organization), PERIOD)
    assert own_cache.add(lock, "1")  # another request is counting
    with CaptureQueriesContext(connection) as waiting:
        response = client.get("/reports/", QUERY)
    assert not counted(waiting)
    assert response.context["figures"].counted_at == kept.counted_at
    assert people_shown(response) == "6"
    own_cache.delete(lock)  # that count ended without keeping anything: this reader counts
    with CaptureQueriesContext(connection) as recounting:
        response = client.get("/reports/", QUERY)
    assert counted(recounting)
    assert response.context["figures"].counted_at > kept.counted_at
    assert own_cache.get(lock) is None  # released
    assert own_cache.get(key).is_fresh


def test_the_first_reader_while_another_counts_is_told_the_figures_are_being_counted(
    as_user, supervisor_a, own_cache
):
    client = as_user(supervisor_a)
    client.get("/")  # the reader's access facts, worked out once
    own_cache.add(presented.lock_key(ReportScope(supervisor_a.organization), Period.default()), "1")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/reports/")
    assert not counted(queries)
    html = response.content.decode()
    assert "The figures are being counted" in html
    assert '<meta http-equiv="refresh" content="5">' in html


def test_dashboards_are_counted_ahead_of_their_readers(db, settings, own_cache):
    from coalition.reports.tasks import recount_dashboards

    settings.REPORTS_CACHE_SECONDS = 300
    assert recount_dashboards() == 16  # the coalition and its 15 members
    coalition_scope, period = ReportScope(None), Period.default()
    assert own_cache.get(figures.cache_key(coalition_scope, period)) is not None
    for language in ("en", "ur"):
        assert own_cache.get(presented.fragment_key(coalition_scope, period, language)).is_fresh


def test_the_legend_says_which_counts_are_rounded_and_which_exact(as_user, analyst, supervisor_a):
    coalition = as_user(analyst).get("/reports/").context["report"].legend()
    member = as_user(supervisor_a).get("/reports/").context["report"].legend()
    assert any(line.startswith("Every count is rounded to a multiple of 5") for line in coalition)
    assert any(
        line.startswith("Counts of your own organisation's cases are exact") for line in member
    )
    assert not any("Every count is rounded" in line for line in member)


def test_the_dashboard_opens_with_a_list_of_its_sections(as_user, supervisor_a):
    html = as_user(supervisor_a).get("/reports/").content.decode()
    contents = re.search(r'<nav class="report-contents".*?</nav>', html, re.S).group(0)
    links = re.findall(r'href="#([^"]+)"', contents)
    assert links[0] == "key-figures-title" and links[-1] == "stored-title"
    assert "section-cases" in links and "section-helpline" in links
    for anchor in links:
        assert f'id="{anchor}"' in html


def test_charts_whose_every_number_is_hidden_are_not_drawn(as_user, coalition, analyst):
    # The coalition's handful of people, at the real threshold: every count is "<k".
    html = as_user(analyst).get("/reports/", QUERY).content.decode()
    assert "chart.umd.min.js" not in html  # no chart to draw: Chart.js is not even loaded
    assert "<canvas" not in html
    assert html.count("No chart: every number in it is hidden") >= 5
    # The headline figures shown as "<k" say why.
    assert "not shown, so that no one can be recognised" in html


def test_chart_js_is_loaded_where_a_chart_is_drawn(as_user, coalition, supervisor_a, small_k):
    html = as_user(supervisor_a).get("/reports/", QUERY).content.decode()
    assert "chart.umd.min.js" in html
    assert "<canvas" in html


def test_districts_are_named_in_the_readers_language_in_every_kept_copy(
    as_user, coalition, supervisor_a, small_k, own_cache
):
    client = as_user(supervisor_a)
    english = client.get("/reports/", QUERY).content.decode()  # counted, kept in each language
    client.post("/i18n/setlang/", {"language": "ur", "next": "/reports/"})
    with CaptureQueriesContext(connection) as queries:
        urdu = client.get("/reports/", QUERY).content.decode()
    assert not counted(queries)  # the Urdu copy kept when the English reader counted
    assert "Kasur" in english and "قصور" not in english
    assert "قصور" in urdu and "Kasur" not in urdu
