"""The case list's count for a user who sees cases by several relations (an organisation's
own, and cases referred to it): the same number as the list's rows, counted relation by
relation so that no count ORs them (which made PostgreSQL read every case in the database);
a search, which its own indexes narrow first, at once; a search by name alone in its rows, on
every page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.queries import CaseFilters, case_list, count_case_list
from referrals import services
from tests.cases.conftest import open_case


def test_the_count_matches_the_rows_whatever_the_filters(referral, desk_b, supervisor_b):
    services.accept(referral=referral, by=desk_b.user)
    own = [open_case(supervisor_b, full_name=f"Bibi {n}", risk_level="high") for n in range(3)]
    user = supervisor_b.user
    for filters in (
        CaseFilters(),
        CaseFilters(status="open"),
        CaseFilters(risk="high"),
        CaseFilters(q=referral.case.number),
        CaseFilters(q="Bibi"),
        CaseFilters(sort="follow_up", overdue=True),
    ):
        assert count_case_list(user, filters) == case_list(user, filters).count(), filters
    assert count_case_list(user, CaseFilters()) == len(own) + 1

    with CaptureQueriesContext(connection) as counted:
        count_case_list(user, CaseFilters())
    assert len(counted) == 2  # the organisation's cases, then those referred in
    with CaptureQueriesContext(connection) as searched:
        count_case_list(user, CaseFilters(q="Bibi"))
    assert len(searched) == 1
    assert all(" OR " not in query["sql"] for query in counted.captured_queries)


def test_the_list_page_shows_that_count(as_user, referral, desk_b, supervisor_b):
    services.accept(referral=referral, by=desk_b.user)
    for n in range(25):
        open_case(supervisor_b, full_name=f"Bibi {n}")
    html = as_user(supervisor_b).get("/cases/").content.decode()
    assert "26 cases" in html
    html = as_user(supervisor_b).get("/cases/?page=2").content.decode()
    assert "26 cases" in html and referral.case.number in html


@pytest.mark.parametrize("sort", ["newest", "oldest", "number", "risk", "follow_up"])
def test_a_name_search_s_pages_hold_the_rows_and_count_of_the_count_query(
    as_user, referral, desk_b, supervisor_b, sort
):
    """For a supervisor seeing cases by two relations (the organisation's own and one referred
    in), under every sort: the pages' rows are the list's, in its order, and the count on each
    page is the count query's."""
    services.accept(referral=referral, by=desk_b.user)
    for n in range(27):
        open_case(supervisor_b, full_name=f"Bibi {n}", risk_level=("high", "low")[n % 2])
    open_case(supervisor_b, full_name="Someone Else")
    referral.case.full_name = "Bibi Referred"
    referral.case.save(update_fields=["full_name", "name_tokens"])
    filters = CaseFilters(q="bibi", sort=sort)
    expected = list(case_list(supervisor_b.user, filters).values_list("pk", flat=True))
    assert count_case_list(supervisor_b.user, filters) == len(expected) == 28
    client = as_user(supervisor_b)
    shown = []
    for number in ("1", "2"):
        response = client.get("/cases/", {"q": "bibi", "sort": sort, "page": number})
        assert response.context["page"].paginator.count == 28
        shown += [case.pk for case in response.context["page"]]
    assert shown == expected
    assert referral.case.pk in shown
    assert "28 cases" in response.content.decode()
