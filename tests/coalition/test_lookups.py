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


def test_a_long_list_is_one_array_on_postgresql_and_finds_the_same_rows(caseworker_a):
    """More than AS_ARRAY_FROM numbers go to PostgreSQL as one array (`= ANY(%s)`), not one
    placeholder each; the rows found, kept out, and NULLs in an excluded column are as
    Django's `IN` gives them."""
    from django.db import connection

    from coalition.lookups import AS_ARRAY_FROM
    from tests.cases.conftest import open_case

    cases = [open_case(caseworker_a, full_name=f"Bibi {n}") for n in range(4)]
    Case.objects.with_scopes_disabled().filter(pk=cases[0].pk).update(assigned_to=None)
    unscoped = Case.objects.with_scopes_disabled()
    wanted = [cases[1].pk, cases[2].pk]
    long_list = wanted + [10**9 + n for n in range(AS_ARRAY_FROM)] + [BEYOND]
    staff_ids = [caseworker_a.pk] + [10**9 + n for n in range(AS_ARRAY_FROM)]

    sql, params = unscoped.filter(pk__in=long_list).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and "IN (" not in sql
        assert len(params) == 1 and BEYOND not in params[0]
    assert sorted(unscoped.filter(pk__in=long_list).values_list("pk", flat=True)) == wanted
    assert set(unscoped.exclude(pk__in=long_list).values_list("pk", flat=True)) == {
        cases[0].pk,
        cases[3].pk,
    }
    # NULL is not in the list: excluding the listed caseworkers keeps the unassigned case.
    assert list(unscoped.exclude(assigned_to_id__in=staff_ids).values_list("pk", flat=True)) == [
        cases[0].pk
    ]


def test_ids_from_the_database_go_as_one_array_text_made_once(caseworker_a):
    """The access layer's id sets (`Ids`) are neither walked nor prepared again: on PostgreSQL
    a long set is the text of one array, made once however many queries use it; a short one,
    or one on SQLite, is Django's `IN`. Both find the rows a list of the same numbers finds."""
    import pickle

    import pytest
    from django.db import connection

    from coalition.lookups import AS_ARRAY_FROM, Ids
    from tests.cases.conftest import open_case

    cases = [open_case(caseworker_a, full_name=f"Bibi {n}") for n in range(3)]
    unscoped = Case.objects.with_scopes_disabled()
    wanted = [cases[0].pk, cases[2].pk]
    long_ids = Ids(wanted + [10**9 + n for n in range(AS_ARRAY_FROM)])
    short_ids = Ids(wanted)

    sql, params = unscoped.filter(pk__in=long_ids).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(%s::bigint[])" in sql and params == (long_ids.array,)
        assert long_ids.array == "{" + ",".join(map(str, sorted(long_ids))) + "}"
    for ids in (long_ids, short_ids):
        assert sorted(unscoped.filter(pk__in=ids).values_list("pk", flat=True)) == wanted
        assert list(unscoped.exclude(pk__in=ids).values_list("pk", flat=True)) == [cases[1].pk]
    assert "IN (" in str(unscoped.filter(pk__in=short_ids).query)
    # Kept in the cache with the facts: it comes back as it went.
    assert pickle.loads(pickle.dumps(long_ids)) == long_ids  # noqa: S301 - our own bytes
    with pytest.raises(TypeError):
        Ids(["1; DROP TABLE cases_case"])
