"""Queries compiled once per connection (coalition/compiled.py) give what the queryset gives,
for any ids, without compiling again; and the tests' check fails a query that reads more than
its ids."""

import threading
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from coalition import compiled
from coalition.compiled import Compiled
from members.models import Organization

User = get_user_model()


def users_with_staff(user_id: int):
    return User.objects.select_related("staff").filter(pk=user_id)


def test_rows_are_the_querysets_for_any_id(caseworker_a, supervisor_a):
    query = Compiled(users_with_staff)
    for staff in (caseworker_a, supervisor_a, caseworker_a):
        (user,) = query(staff.user.pk)
        assert user == staff.user
        with CaptureQueriesContext(connection) as queries:
            assert user.staff.organization_id == staff.organization_id  # came with the user
        assert not queries.captured_queries
    assert query(987_654) == []


def test_a_second_run_asks_one_query_and_compiles_nothing(caseworker_a, supervisor_a):
    query = Compiled(users_with_staff)
    query(caseworker_a.user.pk)
    compiled.CHECKING = False  # the check compiles afresh, by design
    try:
        with (
            mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql,
            CaptureQueriesContext(connection) as queries,
        ):
            (user,) = query(supervisor_a.user.pk)
    finally:
        compiled.CHECKING = True
    assert user == supervisor_a.user
    assert as_sql.call_count == 0
    assert len(queries.captured_queries) == 1
    assert str(supervisor_a.user.pk) in queries.captured_queries[0]["sql"]


def test_the_check_fails_a_query_that_reads_more_than_its_ids(org_a, org_b):
    short_name = {"value": org_a.short_name}

    def organization_named(organization_id: int):
        return Organization.objects.filter(pk=organization_id, short_name=short_name["value"])

    query = Compiled(organization_named)
    assert query(org_a.pk) == [org_a]
    short_name["value"] = org_b.short_name
    with pytest.raises(AssertionError, match="compiled once is not what it compiles to now"):
        query(org_b.pk)


def test_an_id_the_query_holds_other_than_as_a_parameter_is_refused(org_a):
    """Its place could not be filled in: the query would keep asking for the stand-in."""
    query = Compiled(lambda organization_id: Organization.objects.filter(pk__in=[organization_id]))
    assert query(org_a.pk) == [org_a]  # one number in a list is still a parameter of its own
    as_text = Compiled(
        lambda organization_id: Organization.objects.filter(short_name=str(organization_id))
    )
    with pytest.raises(ValueError, match="other than as a parameter"):
        as_text(org_a.pk)


def test_each_shape_is_compiled_apart_and_an_empty_one_asks_nothing(org_a, org_b):
    def organizations(shape, organization_id: int):
        if shape == "none":
            return Organization.objects.filter(pk__in=[])
        return Organization.objects.filter(**{shape: organization_id})

    query = Compiled.by_shape(organizations)
    assert query(org_a.pk, shape="pk") == [org_a]
    assert query(org_b.pk, shape="pk") == [org_b]
    assert query(org_a.pk, shape="pk__gt") == list(Organization.objects.filter(pk__gt=org_a.pk))
    with CaptureQueriesContext(connection) as queries:
        assert query(org_a.pk, shape="none") == []
    assert not queries.captured_queries


def test_only_plain_ints_and_the_declared_shape_are_taken(caseworker_a):
    query = Compiled(users_with_staff)
    for wrong in (str(caseworker_a.user.pk), True, None, 1.0):
        with pytest.raises(TypeError):
            query(wrong)
    with pytest.raises(TypeError):
        query(caseworker_a.user.pk, shape="any")
    with pytest.raises(TypeError):
        Compiled.by_shape(lambda shape, pk: User.objects.filter(pk=pk))(caseworker_a.user.pk)


def test_each_thread_runs_on_its_own_connection(org_a, org_b):
    """The organisations come with the migrations, committed: the other thread's connection
    reads them outside this test's transaction."""
    query = Compiled(lambda organization_id: Organization.objects.filter(pk=organization_id))
    assert query(org_a.pk) == [org_a]
    found = {}

    def other_thread():
        try:
            found["rows"] = query(org_b.pk)
            found["connection"] = connection.connection
        finally:
            connection.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert found["rows"] == [org_b]
    assert found["connection"] is not connection.connection
    assert query(org_a.pk) == [org_a]


def named_or_containing(shape, *texts: str):
    """Organisations whose short name contains the first text, or whose name is the second."""
    contained, *named = texts
    return Organization.objects.filter(
        Q(short_name__contains=contained) | Q(name__in=named)
    ).order_by("pk")


def test_texts_are_put_in_place_whole_and_inside_a_pattern(org_a, org_b, unchecked):
    query = Compiled.by_shape(named_or_containing)
    assert query(org_a.short_name, "nobody", shape="") == [org_a]
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql:
        both = query(org_b.short_name, org_a.name, shape="")
    assert as_sql.call_count == 0
    assert both == sorted([org_a, org_b], key=lambda org: org.pk)
    assert query(org_b.short_name, shape="") == [org_b]  # fewer texts: compiled apart


def test_a_text_holding_a_stand_ins_letters_is_put_in_as_it_is(org_a):
    """Replaced in one pass: the second stand-in's letters inside the first text stay."""
    query = Compiled.by_shape(named_or_containing)
    assert query(compiled.STAND_IN_TEXTS[1], org_a.name, shape="") == [org_a]


def test_only_up_to_eight_texts_are_taken(org_a):
    query = Compiled.by_shape(named_or_containing)
    with pytest.raises(TypeError):
        query("a", *["b"] * 8, shape="")
    with pytest.raises(TypeError):
        query("a", 1, shape="")
