"""`__in` on integer columns drops the numbers no such column can hold.

Django already answers `pk=<a number beyond the column's range>` with no rows
(IntegerFieldOverflow) but sends such a number in an `IN (...)` list to the database: SQLite
cannot bind it (OverflowError) and the page answered 500. A tampered form's ticked choices
(ModelMultipleChoiceField filters `pk__in`) were enough. A number outside the range matches no
row, so leaving it out changes no answer; a list left empty finds nothing, as Django's own
`In` does with an empty list.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(internal_type)
            self.rhs = [value for value in self.rhs if fits(value, low, high)]
        return super().process_rhs(compiler, connection)


def fits(value, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int):  # None, an expression: Django's In deals with them
        return True
    return (low is None or value >= low) and (high is None or value <= high)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
