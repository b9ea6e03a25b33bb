"""A search by name alone is counted as its rows are read (`cases.queries.searched_by_name_alone`,
`coalition.paging.counted_in_rows`): the same count and rows as a count query gives, in one
query fewer; any other search or filter keeps its count query."""

import pytest

from cases.queries import CaseFilters, case_list, searched_by_name_alone
from coalition.paging import LENGTH


@pytest.mark.parametrize(
    ("text", "by_name"),
    [
        ("ayesha", True),
        ("  Bibi Ayesha ", True),
        ("عائشہ", True),
        ("", False),
        ("  ", False),
        ("!!", False),  # no words
        ("ayesha 2", False),  # a digit: a case number's year or serial, a CNIC, a phone
        ("۲۰۲۶", False),  # Urdu digits are digits too
        ("sahil", False),  # a short name begins the organisation's case numbers
        ("las-", False),
        ("hil-", False),
        ("ssd", False),
    ],
)
def test_which_searches_are_by_name_alone(caseworker_a, text, by_name):
    assert searched_by_name_alone(caseworker_a.user, text) is by_name


def test_only_a_search_by_name_alone_carries_its_count(caseworker_a):
    user = caseworker_a.user
    assert LENGTH in case_list(user, CaseFilters(q="bibi")).query.annotations
    for filters in (
        CaseFilters(),
        CaseFilters(q="2026"),
        CaseFilters(q="sahil"),
        CaseFilters(status="open"),
    ):
        assert LENGTH not in case_list(user, filters).query.annotations
