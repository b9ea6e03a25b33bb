"""A person's own sessions: what was noted at sign-in (a browser and system name, the address),
listed for them with when each started and was last seen; signing out everywhere else, logged.
Nothing is written or read for it on an ordinary request."""

import pytest
from django.test import Client
from django.urls import reverse

from coalition.middleware import SIGNED_IN_FROM
from coalition.models import AccessLog
from coalition.user_agents import summarise
from tests.factories import TEST_PASSWORD

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
OFFICE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def signed_in(username: str, agent: str, address: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize(
    ("agent", "browser", "system"),
    [
        (PHONE, "Chrome", "Android"),
        (OFFICE, "Firefox", "Windows"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge",
            "Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari",
            "iOS",
        ),
        ("curl/8.5.0", "", ""),
        ("", "", ""),
    ],
)
def test_a_browser_is_named_without_versions_or_device(agent, browser, system):
    assert summarise(agent) == {"browser": browser, "system": system}


def test_sign_in_notes_the_browser_and_address_in_the_session(caseworker_a):
    client = signed_in("a-caseworker", PHONE, "203.0.113.7")
    assert client.session[SIGNED_IN_FROM] == {
        "address": "203.0.113.7",
        "browser": "Chrome",
        "system": "Android",
    }


def test_the_page_lists_only_the_persons_own_sessions_this_one_first(
    caseworker_a, caseworker_b, django_assert_max_num_queries
):
    signed_in("a-caseworker", OFFICE, "198.51.100.20")
    signed_in("b-caseworker", OFFICE, "192.0.2.99")
    phone = signed_in("a-caseworker", PHONE, "203.0.113.7")
    with django_assert_max_num_queries(10):  # the same with 2 sessions or 200
        response = phone.get(reverse("account_sessions"))
    sessions = response.context["sessions"]
    assert [(s.browser, s.system, s.address, s.current) for s in sessions] == [
        ("Chrome", "Android", "203.0.113.7", True),
        ("Firefox", "Windows", "198.51.100.20", False),
    ]
    assert all(s.started is not None and s.last_seen is not None for s in sessions)
    page = response.content.decode()
    assert "192.0.2.99" not in page
    assert reverse("account_sessions_end_others") in page


def test_sign_out_everywhere_else_keeps_this_one_and_is_logged(caseworker_a, caseworker_b):
    office = signed_in("a-caseworker", OFFICE, "198.51.100.20")
    colleague = signed_in("b-caseworker", OFFICE, "192.0.2.99")
    phone = signed_in("a-caseworker", PHONE, "203.0.113.7")
    response = phone.post(reverse("account_sessions_end_others"), follow=True)
    assert response.status_code == 200
    assert [s.current for s in response.context["sessions"]] == [True]
    assert office.get("/cases/").status_code == 302  # signed out
    assert colleague.get("/cases/").status_code == 200  # someone else's: untouched
    entry = AccessLog.objects.get(verb="account.other_sessions_ended")
    assert (entry.actor, entry.target_id, entry.details) == (
        caseworker_a.user,
        caseworker_a.user.pk,
        {"ended": 1},
    )


def test_the_page_reads_no_session_on_other_pages(
    caseworker_a, django_assert_max_num_queries, django_assert_num_queries
):
    """The list is built from the sessions table only on its own page: an ordinary page asks
    the database exactly as often with a dozen other sessions of the person as with none."""
    client = signed_in("a-caseworker", OFFICE, "198.51.100.20")
    client.get("/notifications/")
    with django_assert_max_num_queries(100) as alone:
        client.get("/notifications/")
    baseline = len(alone)  # counted now: the next requests empty the query log
    for n in range(12):
        signed_in("a-caseworker", PHONE, f"203.0.113.{n + 1}")
    with django_assert_num_queries(baseline):
        client.get("/notifications/")


def test_the_page_speaks_urdu(caseworker_a):
    client = signed_in("a-caseworker", PHONE, "203.0.113.7")
    client.post(reverse("set_language"), {"language": "ur"})
    page = client.get(reverse("account_sessions")).content.decode()
    assert "آپ کے سیشن" in page
    assert '<bdi dir="ltr">Android</bdi> پر <bdi dir="ltr">Chrome</bdi>' in page
