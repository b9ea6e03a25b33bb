"""A page of a long list, with no count query when the first page holds the whole list, or
when each row carries the list's length."""

import sys
from collections.abc import Callable

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window

LENGTH = "length_of_the_list"


def counted_in_rows(rows: QuerySet) -> QuerySet:
    """`rows`, each carrying the whole list's length (a window count), which `page_of` reads
    instead of asking a count query. For a list PostgreSQL reads whole anyway to sort it, as
    for a search by name: there the count costs it next to nothing, where a count query scans
    the same rows again. Not for a long list read in the index's order: its page stops at its
    last row, and a count in its rows would read every one of them."""
    return rows.annotate(**{LENGTH: Window(Count("*"))})


def page_of(
    rows: QuerySet,
    per_page: int,
    number,
    *,
    count: int | None = None,
    counter: Callable[[], int] | None = None,
) -> Page:
    """Django's `Paginator(rows, per_page).get_page(number)`, with `count` when the caller has
    counted already, or `counter` to count with when a count is needed (else `rows.count()`).

    Otherwise the first page reads one row more than it shows. When that finds the whole list
    (a search for a CNIC, a phone number or a name usually does), its length is the count, and
    the count query, a second scan of the same rows, is not made. A longer list is counted as
    Django would, and its first page is the rows already read: the same two queries as before.
    Rows from `counted_in_rows` are counted by the page's first row: one query.
    """
    return page_fetched(
        lambda start, stop: list(rows[start:stop]),
        per_page,
        number,
        counted_by_rows=LENGTH in rows.query.annotations,
        count=count,
        counter=counter or rows.count,
    )


def page_fetched(
    fetch: Callable[[int, int], list],
    per_page: int,
    number,
    *,
    counted_by_rows: bool,
    counter: Callable[[], int],
    count: int | None = None,
) -> Page:
    """`page_of` for rows read by `fetch(start, stop)` (a list's slice), which carry the list's
    length when `counted_by_rows` (`counted_in_rows`), else are counted by `counter` when
    needed."""
    paginator = Paginator((), per_page)
    if counted_by_rows and count is None:
        return _page_counted_by_its_rows(paginator, fetch, number, counter)
    if count is not None or str(number or "1").strip() != "1":
        paginator.count = counter() if count is None else count
        return _page_read(paginator, fetch, number)
    head = fetch(0, per_page + 1)
    paginator.count = len(head) if len(head) <= per_page else counter()
    page = paginator.get_page(1)
    page.object_list = head[:per_page]
    return page


def _page_read(paginator: Paginator, fetch, number) -> Page:
    """The page Django's paginator gives for `number`, its rows read by `fetch`."""
    page = paginator.get_page(number)
    start = (page.number - 1) * paginator.per_page
    page.object_list = fetch(start, start + paginator.per_page) if paginator.count else []
    return page


def _page_counted_by_its_rows(paginator: Paginator, fetch, number, counter) -> Page:
    """The page asked for, counted by its first row; a page past the end, or an empty list,
    as Django gives them (the last page; one empty page)."""
    paginator.count = sys.maxsize  # the page number checked as Django does, but not its end
    try:
        wanted = paginator.validate_number(number)
    except PageNotAnInteger:
        wanted = 1
    except EmptyPage:
        wanted = None
    per_page = paginator.per_page
    shown = [] if wanted is None else fetch((wanted - 1) * per_page, wanted * per_page)
    paginator = Paginator((), per_page)
    if shown:
        paginator.count = getattr(shown[0], LENGTH)
    elif wanted == 1:
        paginator.count = 0
    else:
        paginator.count = counter()
        return _page_read(paginator, fetch, number)
    page = paginator.get_page(wanted)
    page.object_list = shown
    return page
