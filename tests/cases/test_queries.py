"""The list and the case page make a fixed number of queries whatever the data."""

from django.utils import timezone

from cases import services
from cases.consent import record_consent
from cases.demo import create_cases
from cases.models import Case, LegalProceeding
from members.models import Service
from tests.factories import SESSION_QUERIES

from .conftest import open_case

# The form's caseworkers, and the unfiltered form's markup, are kept with the access facts.
LIST_QUERIES = 3 + SESSION_QUERIES
# A first page holding the whole list is counted by its rows (coalition/paging.py).
ONE_PAGE_QUERIES = LIST_QUERIES - 1
# The hearings come with their proceedings; the consent history, the
# services delivered and the facets with the case.
CASE_PAGE_QUERIES = 6 + SESSION_QUERIES
SEARCH_LOG_QUERIES = 1  # a search is logged: one insert


def test_the_list_makes_the_same_queries_for_a_full_page_and_one_fewer_for_a_short_list(
    as_user, supervisor_a, caseworker_a, django_assert_max_num_queries
):
    # Counts are read inside each block: a request outside one clears Django's query log.
    client = as_user(supervisor_a)
    open_case(caseworker_a, full_name="Only Once")
    client.get("/cases/")  # warm the session and the permission cache
    with django_assert_max_num_queries(ONE_PAGE_QUERIES) as one_case:
        client.get("/cases/")
        assert len(one_case) == ONE_PAGE_QUERIES
    for i in range(30):
        open_case(caseworker_a, full_name=f"Person {i}")
    with django_assert_max_num_queries(LIST_QUERIES) as full_page:
        response = client.get("/cases/")
        assert len(full_page) == LIST_QUERIES
    assert response.context["page"].paginator.count == 31
    year = Case.objects.with_scopes_disabled().latest("pk").number.split("-")[1]
    with django_assert_max_num_queries(LIST_QUERIES + SEARCH_LOG_QUERIES) as searched:
        response = client.get("/cases/", {"sort": "risk", "q": year, "page": "2"})
        assert len(searched) == LIST_QUERIES + SEARCH_LOG_QUERIES
    assert response.context["page"].paginator.count == 31
    # A search by name alone is counted as its rows are read, on any page.
    with django_assert_max_num_queries(ONE_PAGE_QUERIES + SEARCH_LOG_QUERIES) as searched:
        response = client.get("/cases/", {"sort": "risk", "q": "person", "page": "2"})
        assert len(searched) == ONE_PAGE_QUERIES + SEARCH_LOG_QUERIES
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 30
    with django_assert_max_num_queries(ONE_PAGE_QUERIES + SEARCH_LOG_QUERIES) as found_one:
        response = client.get("/cases/", {"q": "only"})
        assert len(found_one) == ONE_PAGE_QUERIES + SEARCH_LOG_QUERIES
    assert response.context["page"].paginator.count == 1
    assert ">1 case</p>" in response.content.decode()


def test_the_case_page_makes_a_fixed_number_of_queries(
    as_user, supervisor_a, caseworker_a, django_assert_max_num_queries
):
    case = open_case(caseworker_a, full_name="Page Case")
    client = as_user(supervisor_a)

    def add_note_and_proceeding(i):
        services.add_note(case=case, by=caseworker_a.user, kind="note", text=f"n{i}")
        proceeding = LegalProceeding(
            case=case, authority="police", law="ptpa_2018", fir_number=f"{i}/2026", stage="fir"
        )
        services.save_proceeding(proceeding=proceeding, by=caseworker_a.user)
        services.record_service(
            case=case, by=caseworker_a.user, service=Service.objects.get(code="legal_aid"),
            delivered_on=timezone.localdate(), description=f"s{i}",
        )  # fmt: skip
        record_consent(case=case, by=caseworker_a.user, kind="renewed", record=True, note=f"c{i}")

    add_note_and_proceeding(0)
    client.get(f"/cases/{case.pk}/")
    with django_assert_max_num_queries(CASE_PAGE_QUERIES) as bare:
        client.get(f"/cases/{case.pk}/")
        assert len(bare) == CASE_PAGE_QUERIES
    for i in range(1, 8):
        add_note_and_proceeding(i)
    with django_assert_max_num_queries(CASE_PAGE_QUERIES) as full:
        response = client.get(f"/cases/{case.pk}/")
        assert len(full) == CASE_PAGE_QUERIES
    assert response.status_code == 200


def test_demo_generator_makes_numbered_cases_the_list_can_show(as_user, supervisor_a, caseworker_a):
    assert create_cases(count=50, seed=1) == 50
    assert create_cases(count=50, seed=1) == 0  # "at least N": a second run adds nothing
    numbers = list(Case.objects.with_scopes_disabled().values_list("number", flat=True))
    assert len(set(numbers)) == 50
    assert as_user(supervisor_a).get("/cases/").status_code == 200
    # A case opened after the demo data takes the next number, not a used one.
    new = open_case(caseworker_a)
    assert new.number not in numbers
