"""The case list's search box and filters."""

import pytest
from django.db import connection

from cases.models import Case
from cases.queries import SearchTerms, terms_q

from .conftest import open_case


@pytest.fixture
def people(caseworker_a):
    return {
        "urdu": open_case(caseworker_a, full_name="عائشہ بی بی"),
        "accented": open_case(caseworker_a, full_name="Zoë Masih"),
        "cnic": open_case(caseworker_a, full_name="Hina", cnic="42101-1111111-1"),
        "phone": open_case(caseworker_a, full_name="Sana", phone="+923451234567"),
        "alias": open_case(caseworker_a, full_name="", alias="Guddi"),
    }


def found(client, **params) -> str:
    return client.get("/cases/", params).content.decode()


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("عائشہ", "urdu"),
        ("عايشه", "urdu"),  # Arabic yeh and heh, as some phones type them
        ("zoe", "accented"),
        ("ZOË MASIH", "accented"),
        ("masih, zoe", "accented"),  # whole words, in any order
        ("4210111111111", "cnic"),
        ("42101-1111111-1", "cnic"),
        ("0345 1234567", "phone"),
        ("guddi", "alias"),
    ],
)
def test_search_finds_by_name_alias_cnic_or_phone(as_user, caseworker_a, people, query, who):
    html = found(as_user(caseworker_a), q=query)
    assert f'href="/cases/{people[who].pk}/"' in html
    others = [case for key, case in people.items() if key != who]
    assert all(f'href="/cases/{case.pk}/"' not in html for case in others)


@pytest.mark.parametrize("query", ["عائش", "zo", "masih khan", "gud"])
def test_names_are_found_by_whole_words_only_every_word_matching(
    as_user, caseworker_a, people, query
):
    """Names are encrypted and searched by the keyed hashes of their words: a part of a word,
    or a word the name does not have, finds no one."""
    html = found(as_user(caseworker_a), q=query)
    assert all(f'href="/cases/{case.pk}/"' not in html for case in people.values())


def test_a_changed_name_is_found_by_its_new_words(as_user, caseworker_a, people):
    from cases import services

    case = people["alias"]
    services.update_case(
        case=case, by=caseworker_a.user, expected_version=case.version,
        changes={"alias": "Munni"},
    )  # fmt: skip
    client = as_user(caseworker_a)
    assert f'href="/cases/{case.pk}/"' in found(client, q="munni")
    assert f'href="/cases/{case.pk}/"' not in found(client, q="guddi")


def test_search_by_case_number_and_a_fragment(as_user, caseworker_a, people):
    case = people["cnic"]
    client = as_user(caseworker_a)
    assert f'href="/cases/{case.pk}/"' in found(client, q=case.number)
    assert f'href="/cases/{case.pk}/"' in found(client, q=case.number.lower())
    # A partial CNIC is not a search for that CNIC: no one is found by a few digits.
    assert f'href="/cases/{case.pk}/"' not in found(client, q="42101")


def test_filters_combine(as_user, caseworker_a):
    high = open_case(caseworker_a, risk_level="high", origin_province="sindh")
    low = open_case(caseworker_a, risk_level="low", origin_province="sindh")
    html = found(as_user(caseworker_a), risk="high", province="sindh", sort="risk")
    assert f'href="/cases/{high.pk}/"' in html and f'href="/cases/{low.pk}/"' not in html


def test_a_bad_filter_value_is_ignored_with_a_message_not_an_error(as_user, caseworker_a):
    response = as_user(caseworker_a).get("/cases/", {"status": "nonsense", "page": "abc"})
    assert response.status_code == 200


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the index is PostgreSQL's (CI runs on it)"
)
def test_a_name_search_is_answered_by_the_name_words_index(caseworker_a, people):
    """The lookup's SQL is the index's own expression: were they to drift apart, every name
    search would read all the cases the user may see."""
    terms = SearchTerms.of(caseworker_a.user, "zoe masih")
    searched = Case.objects.with_scopes_disabled().filter(terms_q(caseworker_a.user, terms))
    sql, params = searched.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of rows: left to itself the planner would read them all. With plain scans
        # off it can only OR together one bitmap per arm, which needs an index for every arm.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on cases_case_name_words" in plan
    assert list(searched.values_list("pk", flat=True)) == [people["accented"].pk]
