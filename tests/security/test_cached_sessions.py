"""Sessions read from the shared cache (SESSION_ENGINE cached_db): no session query on a page,
and a session that is ended stops working at once, its cached copy gone with its row."""

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import services
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.skipif(
    not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
    reason="sessions are cached only with a shared Redis cache",
)


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_sessions_are_kept_in_the_shared_cache_and_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_a_page_reads_its_session_without_a_query(caseworker_a):
    client = signed_in("a-caseworker")
    client.get(reverse("cases:list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:list")).status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def test_signing_out_everywhere_else_ends_the_other_session_at_once(caseworker_a):
    phone, office = signed_in("a-caseworker"), signed_in("a-caseworker")
    assert phone.get(reverse("cases:list")).status_code == 200  # its copy is in the cache
    office.post(reverse("account_sessions_end_others"))
    assert phone.get(reverse("cases:list")).status_code == 302
    assert office.get(reverse("cases:list")).status_code == 200


def test_a_copy_cached_while_the_ending_transaction_ran_goes_at_its_commit(
    admin_a, caseworker_a, django_capture_on_commit_callbacks
):
    client = signed_in("a-caseworker")
    key = session_key(client)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    cached = caches[settings.SESSION_CACHE_ALIAS]
    data = store(key).load()
    with django_capture_on_commit_callbacks(execute=True):  # run when the test's "commit" ends
        services.set_staff_active(staff=caseworker_a, by=admin_a.user, active=False)
        # Another worker serves a request of the session meanwhile: the row's deletion is not
        # committed, so it reads the row and caches it again.
        cached.set(store.cache_key_prefix + key, data, 600)
    assert cached.get(store.cache_key_prefix + key) is None
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("cases:list")).status_code == 302
