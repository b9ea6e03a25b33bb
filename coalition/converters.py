"""The `<id:...>` of the URLs: a row's id, as Django's `int` converter reads it, bounded.

Django's `int` matches any number of digits, and a number beyond PostgreSQL's bigint reached the
queries and the access log's integer columns: the database refused it and the page answered 500
(SQLite raised OverflowError). Eighteen digits always fit; no row will have a longer id, so a
longer one is not found, like any id no row has.
"""

from django.urls.converters import IntConverter


class RowIdConverter(IntConverter):
    regex = "[0-9]{1,18}"
