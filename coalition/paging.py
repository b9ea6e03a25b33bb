"""A page of a long list, with no count query when the first page holds the whole list."""

from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


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
    """
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count
        return paginator.get_page(number)
    if str(number or "1").strip() != "1":
        if counter:
            paginator.count = counter()
        return paginator.get_page(number)
    head = list(rows[: per_page + 1])
    if len(head) <= per_page:
        paginator.count = len(head)
    elif counter:
        paginator.count = counter()
    page = paginator.get_page(1)
    page.object_list = head[:per_page]
    return page
