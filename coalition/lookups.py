"""`__in` on integer columns: the numbers no such column can hold dropped; on PostgreSQL, a
long list sent as one array.

Django already answers `pk=<a number beyond the column's range>` with no rows
(IntegerFieldOverflow) but sends such a number in an `IN (...)` list to the database: SQLite
cannot bind it (OverflowError) and the page answered 500. A tampered form's ticked choices
(ModelMultipleChoiceField filters `pk__in`) were enough. A number outside the range matches no
row, so leaving it out changes no answer; a list left empty finds nothing, as Django's own
`In` does with an empty list.

A user who sees cases through referrals and grants has their ids in several `IN (...)` lists
on each page (a supervisor of an organisation with 326 cases referred in: about 1,300 numbers
on a case list page). Django prepares each number, and psycopg scans the query for one
placeholder per number: about 10 ms of a 30 ms page. On PostgreSQL a list of more than
`AS_ARRAY_FROM` numbers is sent as one array parameter, `column = ANY(%s)`, which PostgreSQL
plans exactly as the `IN` list (it reads `IN (...)` as `= ANY` of an array itself).

Ids the database gave, which the access layer holds for every request (`cases.access.Facts`),
come as `Ids`: a set Django neither walks nor prepares number by number, sent on PostgreSQL as
the text of one array, made once however many queries of the request ask. Walking, checking
and converting the same 326 numbers in each of a page's eight lists cost about a third of a
supervisor's case list (22.1 ms of CPU in process, 14.0 without).
"""

from functools import cached_property

from django.db.models import IntegerField
from django.db.models.lookups import In

AS_ARRAY_FROM = 10


class Ids(frozenset):
    """Row ids read from the database: plain ints, each a row's key, so none needs checking or
    preparing again when a query compares a column with them."""

    def __new__(cls, ids=()):
        self = super().__new__(cls, ids)
        if not all(type(pk) is int for pk in self):
            raise TypeError("Ids holds plain ints only")
        return self

    @cached_property
    def array(self) -> str:
        """PostgreSQL's text of the array of them, sorted, so a query reads the same each time."""
        return "{" + ",".join(map(str, sorted(self))) + "}"


class IntegerFieldIn(In):
    def get_prep_lookup(self):
        if isinstance(self.rhs, Ids):
            return self.rhs
        if _plain_numbers(self.rhs):  # each would be prepared to itself
            return list(self.rhs)
        return super().get_prep_lookup()

    def as_sql(self, compiler, connection):
        if (
            connection.vendor != "postgresql"
            or not self.rhs_is_direct_value()
            or len(self.rhs) <= AS_ARRAY_FROM
        ):
            return super().as_sql(compiler, connection)
        if isinstance(self.rhs, Ids):
            array = self.rhs.array
            cast = f"::{self.lhs.output_field.cast_db_type(connection)}[]"
        elif _plain_numbers(self.rhs):
            array, cast = sorted(set(self._fitting(connection))), ""
        else:
            return super().as_sql(compiler, connection)
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs_sql} = ANY(%s{cast})", (*lhs_params, array)

    def process_rhs(self, compiler, connection):
        if isinstance(self.rhs, Ids):
            self.rhs = sorted(self.rhs)  # a short list, or no arrays here: plain `IN (...)`
        elif self.rhs_is_direct_value():
            self.rhs = self._fitting(connection)
        return super().process_rhs(compiler, connection)

    def _fitting(self, connection) -> list:
        """The listed values, less the numbers the column cannot hold."""
        internal_type = self.lhs.output_field.get_internal_type()
        low, high = connection.ops.integer_field_range(internal_type)
        return [value for value in self.rhs if fits(value, low, high)]


def _plain_numbers(values) -> bool:
    """A list of Python ints (not bools, expressions or strings)."""
    return isinstance(values, list | tuple | set | frozenset) and all(
        type(value) is int for value in values
    )


def fits(value, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int):  # None, an expression: Django's In deals with them
        return True
    return (low is None or value >= low) and (high is None or value <= high)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
