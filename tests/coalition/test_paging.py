"""A list's first page makes no count query when it holds the whole list (coalition/paging.py)."""

import sys

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.paging import counted_in_rows, page_of
from members.models import Organization

PER_PAGE = 5


@pytest.fixture
def organisations(db):
    return Organization.objects.order_by("pk")


def read(rows, number, **options):
    with CaptureQueriesContext(connection) as queries:
        page = page_of(rows, PER_PAGE, number, **options)
        shown = list(page)
        figures = (page.paginator.count, page.paginator.num_pages, page.number)
    return shown, figures, len(queries)


def test_a_first_page_holding_the_whole_list_is_counted_by_its_rows(organisations):
    few_ids = [o.pk for o in organisations][:3]
    shown, figures, queries = read(organisations.filter(pk__in=few_ids), None)
    assert [o.pk for o in shown] == few_ids
    assert figures == (3, 1, 1)
    assert queries == 1


def test_an_empty_list_has_one_empty_page_and_no_count_query(organisations):
    shown, figures, queries = read(organisations.none(), "1")
    assert shown == []
    assert figures == (0, 1, 1)
    assert queries <= 1  # Django answers .none() without a query


def test_a_longer_list_is_counted_and_its_first_page_is_the_rows_already_read(organisations):
    total = organisations.count()
    assert total > PER_PAGE + 1  # the coalition's members
    shown, figures, queries = read(organisations, "")
    assert [o.pk for o in shown] == [o.pk for o in organisations[:PER_PAGE]]
    assert figures == (total, -(-total // PER_PAGE), 1)
    assert queries == 2  # the rows, then the count: as many as Django's paginator makes


def test_a_list_one_row_longer_than_a_page_is_counted(organisations):
    ids = [o.pk for o in organisations][: PER_PAGE + 1]
    shown, figures, queries = read(organisations.filter(pk__in=ids), "1")
    assert len(shown) == PER_PAGE
    assert figures == (PER_PAGE + 1, 2, 1)
    assert queries == 2


@pytest.mark.parametrize(("number", "expected"), [("2", 2), ("999", 4), ("x", 1), ("-1", 4)])
def test_other_pages_are_django_s(organisations, number, expected):
    ids = [o.pk for o in organisations][: PER_PAGE * 3 + 1]
    assert len(ids) == PER_PAGE * 3 + 1
    shown, figures, _queries = read(organisations.filter(pk__in=ids), number)
    assert figures == (len(ids), 4, expected)
    assert shown[0].pk == ids[(expected - 1) * PER_PAGE]


def test_a_count_already_made_is_used(organisations):
    shown, figures, queries = read(organisations, "1", count=7)
    assert figures == (7, 2, 1)
    assert len(shown) == PER_PAGE
    assert queries == 1


# Rows counted as they are read (`counted_in_rows`): one query for any page that has rows.


def counted(organisations, ids):
    return counted_in_rows(organisations.filter(pk__in=ids))


@pytest.mark.parametrize(("number", "expected"), [(None, 1), ("1", 1), ("3", 3), ("4", 4)])
def test_rows_counted_as_read_need_no_count_query(organisations, number, expected):
    ids = [o.pk for o in organisations][: PER_PAGE * 3 + 1]
    shown, figures, queries = read(counted(organisations, ids), number, counter=pytest.fail)
    assert figures == (len(ids), 4, expected)
    assert [o.pk for o in shown] == ids[(expected - 1) * PER_PAGE :][:PER_PAGE]
    assert queries == 1


@pytest.mark.parametrize("number", ["x", "2.0", "1.5", " 2", "", 2, 2.0])
def test_rows_counted_as_read_take_page_numbers_as_django_does(organisations, number):
    ids = [o.pk for o in organisations][: PER_PAGE * 2]
    expected = Paginator(ids, PER_PAGE).get_page(number).number
    shown, figures, queries = read(counted(organisations, ids), number)
    assert figures == (len(ids), 2, expected)
    assert shown[0].pk == ids[(expected - 1) * PER_PAGE]
    assert queries == 1


# The largest number Django takes for a page before it knows the count: an offset that fits.
@pytest.mark.parametrize("number", ["9", "0", "-1", str(sys.maxsize // PER_PAGE), "9" * 30])
def test_past_the_end_rows_counted_as_read_give_the_last_page_by_the_counter(organisations, number):
    ids = [o.pk for o in organisations][: PER_PAGE + 2]
    shown, figures, queries = read(counted(organisations, ids), number, counter=lambda: len(ids))
    assert figures == (len(ids), 2, 2)
    assert [o.pk for o in shown] == ids[PER_PAGE:]
    assert queries <= 2  # the page asked for (when it has a number) and the last page


def test_an_empty_list_counted_as_read_has_one_empty_page(organisations):
    shown, figures, queries = read(counted(organisations, []), "1", counter=pytest.fail)
    assert (shown, figures) == ([], (0, 1, 1))
    assert queries <= 1
