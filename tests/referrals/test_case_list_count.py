"""The case list's count for a user who sees cases by several relations (an organisation's
own, and cases referred to it): the same number as the list's rows, counted relation by
relation so that no count ORs them (which made PostgreSQL read every case in the database);
a search, which its own indexes narrow first, at once."""

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
