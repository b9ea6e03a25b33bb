"""A relation the user cannot have (no grant, no share, no permission) adds nothing to the
query: the access layer leaves it out instead of building a lookup that compiling drops."""

from dataclasses import replace

from django.db.models import Q

from cases.access import (
    ANYONE,
    NOTHING,
    Facts,
    access_to,
    case_q,
    either,
    relation_arms,
    row_q,
    rows_of,
)
from cases.models import Case, Note
from members.models import Organization
from members.roles import VIEW_ALL_CASES, VIEW_OWN_CASES
from tests.access.test_cached_facts import next_request_user
from tests.cases.conftest import open_case
from tests.factories import make_staff


def lookups(query: Q) -> list[tuple[str, object]]:
    found = []
    for child in query.children:
        found += lookups(child) if isinstance(child, Q) else [child]
    return found


def test_either_leaves_out_the_parts_that_match_nothing():
    assert either([]) is NOTHING
    assert either([NOTHING, NOTHING]) is NOTHING
    assert either([NOTHING, Q(status="open"), NOTHING]) == Q(status="open")
    assert either([Q(status="open"), NOTHING, Q(risk_level="high")]) == (
        Q(status="open") | Q(risk_level="high")
    )


def test_a_caseworker_without_grants_or_shares_is_matched_on_their_own_cases_alone(
    caseworker_a,
):
    assert [(name, set(ids)) for name, ids in lookups(case_q(next_request_user(caseworker_a)))] == [
        ("organization_id__in", {caseworker_a.organization_id}),
        ("assigned_to_id__in", {caseworker_a.pk}),
    ]


def test_no_lookup_is_against_an_empty_set_and_the_cases_seen_are_the_same(
    caseworker_a, caseworker_b, supervisor_a, desk_a, analyst
):
    own = open_case(caseworker_a)
    other = open_case(caseworker_b)
    for staff in (caseworker_a, caseworker_b, supervisor_a, desk_a, analyst):
        user = next_request_user(staff)
        query = case_q(user)
        assert query is NOTHING or all(values for _name, values in lookups(query))
        seen = set(Case.objects.visible_to(user).values_list("pk", flat=True))
        assert (
            seen
            == {
                caseworker_a: {own.pk},
                caseworker_b: {other.pk},
                supervisor_a: {own.pk},
                desk_a: set(),
                analyst: set(),
            }[staff]
        )
        assert (query is NOTHING) == (staff in (desk_a, analyst))


def test_someone_who_sees_no_case_costs_no_query(db, django_assert_num_queries):
    switched_off = Organization.objects.create(name="Closed NGO", short_name="CN", active=False)
    user = next_request_user(make_staff(switched_off, "caseworker", "closed-caseworker"))
    assert case_q(user) is NOTHING
    with django_assert_num_queries(0):
        assert list(Case.objects.visible_to(user)) == []


def empty_sets(query: Q) -> list[str]:
    return [
        name
        for name, values in lookups(query)
        if isinstance(values, list | frozenset) and not values
    ]


def test_the_rows_of_cases_are_matched_without_empty_sets_too(caseworker_a, caseworker_b):
    own = open_case(caseworker_a)
    user = next_request_user(caseworker_a)
    assert empty_sets(row_q(user, Note)) == []
    assert empty_sets(rows_of(access_to(user, own), Note)) == []
    # A case the user does not see at all: no rows, by no lookup.
    assert rows_of(access_to(user, open_case(caseworker_b)), Note) is NOTHING


def test_a_relation_another_holds_adds_no_condition_and_of_two_alike_one_is_kept():
    """A supervisor's own cases are inside the organisation's: no condition of their own. A
    case granted by name and shared by referral alike: one condition, never none."""
    facts = Facts(
        organization_id=7,
        staff_id=3,
        perms=frozenset({VIEW_ALL_CASES, VIEW_OWN_CASES}),
        team=frozenset({3}),
        granted=frozenset({5}),
        shared={5: frozenset({"survivor"})},
    )
    arms = [
        [(name, set(ids)) for name, ids in lookups(arm)] for arm in relation_arms(facts, ANYONE)
    ]
    assert arms == [[("pk__in", {5})], [("organization_id__in", {7})]]
    caseworker = replace(facts, perms=frozenset({VIEW_OWN_CASES}))
    arms = [lookups(arm) for arm in relation_arms(caseworker, ANYONE)]
    assert [[name for name, _ids in arm] for arm in arms] == [
        ["pk__in"],
        ["organization_id__in", "assigned_to_id__in"],
    ]
