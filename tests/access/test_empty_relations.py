"""A relation the user cannot have (no grant, no share, no permission) adds nothing to the
query: the access layer leaves it out instead of building a lookup that compiling drops."""

from django.db.models import Q

from cases.access import NOTHING, access_to, case_q, either, row_q, rows_of
from cases.models import Case, Note
from members.models import Organization
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
    assert lookups(case_q(next_request_user(caseworker_a))) == [
        ("organization_id__in", [caseworker_a.organization_id]),
        ("assigned_to_id__in", [caseworker_a.pk]),
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
    return [name for name, values in lookups(query) if isinstance(values, list) and not values]


def test_the_rows_of_cases_are_matched_without_empty_sets_too(caseworker_a, caseworker_b):
    own = open_case(caseworker_a)
    user = next_request_user(caseworker_a)
    assert empty_sets(row_q(user, Note)) == []
    assert empty_sets(rows_of(access_to(user, own), Note)) == []
    # A case the user does not see at all: no rows, by no lookup.
    assert rows_of(access_to(user, open_case(caseworker_b)), Note) is NOTHING
