"""The case list's rows read by a query built and compiled once per connection for each user,
access version and kind of search (`cases.queries.case_rows`): another search of the same kind
compiles nothing, and finds what the query built afresh finds; nothing compiled for one person,
or under one access version, is read for another."""

from unittest import mock

import pytest
from django.db import transaction
from django.db.models.sql.compiler import SQLCompiler

from cases import services
from cases.queries import CaseFilters, case_list, case_rows
from members.access import forget_access

from .conftest import open_case


def case_queries_compiled(user, filters: CaseFilters) -> tuple[list, int]:
    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    ) as as_sql:
        rows = case_rows(user, filters, 0, 25)
    compiled_for_cases = [
        c for c in as_sql.call_args_list if c.args[0].query.model.__name__ == "Case"
    ]
    return rows, len(compiled_for_cases)


def built_afresh(user, filters: CaseFilters) -> list:
    return list(case_list(user, filters)[0:25])


def test_another_search_of_the_same_kind_compiles_nothing_and_finds_the_same(
    caseworker_a, unchecked
):
    ayesha = open_case(caseworker_a, full_name="Ayesha Bibi")
    rubina = open_case(caseworker_a, full_name="Rubina Masih")
    user = caseworker_a.user
    first, compiled_first = case_queries_compiled(user, CaseFilters(q="ayesha"))
    forget_access(user)  # the next request's user
    second, compiled_second = case_queries_compiled(user, CaseFilters(q="rubina"))
    assert (first, second) == ([ayesha], [rubina])
    assert compiled_first == 1 and compiled_second == 0
    assert second == built_afresh(user, CaseFilters(q="rubina"))


def test_what_is_compiled_for_one_person_is_never_read_for_another(
    caseworker_a, caseworker_b, unchecked
):
    theirs = open_case(caseworker_a, full_name="Ayesha Bibi")
    ours = open_case(caseworker_b, full_name="Ayesha Khan")
    assert case_rows(caseworker_a.user, CaseFilters(q="ayesha"), 0, 25) == [theirs]
    assert case_rows(caseworker_b.user, CaseFilters(q="ayesha"), 0, 25) == [ours]
    assert case_rows(caseworker_b.user, CaseFilters(), 0, 25) == [ours]


def test_a_case_shared_since_is_found_under_the_new_access_version(
    supervisor_a, caseworker_b, unchecked
):
    shared = open_case(supervisor_a, full_name="Ayesha Bibi")
    filters = CaseFilters(q="ayesha")
    assert case_rows(caseworker_b.user, filters, 0, 25) == []
    services.grant_case_access(case=shared, by=supervisor_a.user, grantee=caseworker_b.user)
    forget_access(caseworker_b.user)
    assert case_rows(caseworker_b.user, filters, 0, 25) == [shared]


@pytest.mark.parametrize("text", ["%", "_", "50%_off\\"])
def test_a_search_a_like_pattern_escapes_is_built_afresh_and_matches_literally(caseworker_a, text):
    open_case(caseworker_a, full_name="Ayesha Bibi")
    user = caseworker_a.user
    assert case_rows(user, CaseFilters(q=text), 0, 25) == []
    assert built_afresh(user, CaseFilters(q=text)) == []


def test_inside_a_write_transaction_the_rows_are_read_by_a_query_built_afresh(
    caseworker_a, unchecked
):
    ayesha = open_case(caseworker_a, full_name="Ayesha Bibi")
    user = caseworker_a.user
    case_rows(user, CaseFilters(q="rubina"), 0, 25)  # compiled for this kind of search
    with transaction.atomic():
        forget_access(user)
        rows, compiled_count = case_queries_compiled(user, CaseFilters(q="ayesha"))
    assert rows == [ayesha]
    assert compiled_count == 1


def test_each_page_reads_its_own_rows(caseworker_a, as_user):
    names = [f"Ayesha Number{i}" for i in range(30)]
    for name in names:
        open_case(caseworker_a, full_name=name)
    client = as_user(caseworker_a)
    first = client.get("/cases/", {"q": "ayesha"}).content.decode()
    second = client.get("/cases/", {"q": "ayesha", "page": 2}).content.decode()
    shown = [sum(name + "<" in html for name in names) for html in (first, second)]
    assert shown == [25, 5]


def test_a_search_of_more_words_than_stand_ins_is_built_afresh(caseworker_a):
    many = " ".join(f"word{i}" for i in range(9))
    named = open_case(caseworker_a, full_name=many)
    assert case_rows(caseworker_a.user, CaseFilters(q=many), 0, 25) == [named]
