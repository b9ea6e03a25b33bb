"""`__in` leaves out numbers an integer column cannot hold (coalition/lookups.py)."""

from django import forms

from cases.models import Case
from members.models import Organization

BEYOND = 2**70


def test_numbers_beyond_the_column_are_not_sent_to_the_database(db):
    _sql, params = (
        Case.objects.with_scopes_disabled()
        .filter(pk__in=[BEYOND, 7, -BEYOND])
        .query.sql_with_params()
    )
    assert BEYOND not in params and -BEYOND not in params
    assert 7 in params


def test_a_tampered_choice_beyond_the_column_is_an_invalid_choice(db):
    member = Organization.objects.filter(kind=Organization.Kind.MEMBER).first()
    field = forms.ModelMultipleChoiceField(queryset=Organization.objects.all())

    assert list(field.clean([str(member.pk)])) == [member]
    try:
        field.clean([str(BEYOND), str(member.pk)])
    except forms.ValidationError as refused:
        assert refused.code == "invalid_choice"
    else:
        raise AssertionError("a number beyond the column was taken as a choice")
