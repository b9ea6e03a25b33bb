"""Sign-in, sign-out, lockout, idle timeout, and nothing reachable signed out."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coalition.middleware import REFRESHED_AT
from tests.factories import TEST_PASSWORD


def login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_and_logout(client, caseworker_a):
    response = login(client, "a-caseworker", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, caseworker_a):
    response = login(client, "a-caseworker", "wrong-password")
    assert response.status_code == 200
    assert b"correct username and password" in response.content


def test_lockout_after_repeated_failures(client, caseworker_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "a-caseworker", "wrong-password")
    response = login(client, "a-caseworker", TEST_PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert client.get("/").status_code == 302


def test_lockout_does_not_block_other_users(client, caseworker_a, supervisor_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "a-caseworker", "wrong-password")
    assert login(client, "a-supervisor", TEST_PASSWORD).status_code == 302


def test_deactivated_user_cannot_sign_in(client, caseworker_a):
    caseworker_a.user.is_active = False
    caseworker_a.user.save()
    assert login(client, "a-caseworker", TEST_PASSWORD).status_code == 200


def test_session_expires_when_idle(client, caseworker_a):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    login(client, "a-caseworker", TEST_PASSWORD)
    session = client.session
    session.set_expiry(-1)  # as if the idle period had passed
    session.save()
    assert client.get("/").status_code == 302


def test_a_session_ended_while_away_is_explained_at_sign_in(client, caseworker_a):
    login(client, "a-caseworker", TEST_PASSWORD)
    session = client.session
    session.set_expiry(-1)  # as if the idle period had passed
    session.save()
    response = client.post("/cases/new/", {"full_name": "Typed while away"}, follow=True)
    page = response.content.decode()
    assert response.request["PATH_INFO"] == reverse("login")
    assert "what you just sent was not saved" in page
    # Signing out on purpose, or never having signed in, says nothing of the kind.
    login(client, "a-caseworker", TEST_PASSWORD)
    client.post(reverse("logout"))
    page = client.get("/cases/", follow=True).content.decode()
    assert "signed out after a time" not in page
    page = Client().get("/cases/", follow=True).content.decode()
    assert "signed out after a time" not in page


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def age_last_save(client: Client, seconds: int) -> None:
    """As if the session had last been saved `seconds` ago."""
    session = client.session
    session[REFRESHED_AT] = int(time.time()) - seconds
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - seconds)
    )


def test_a_request_extends_the_idle_window_once_the_last_save_is_old_enough(client, caseworker_a):
    login(client, "a-caseworker", TEST_PASSWORD)
    age_last_save(client, settings.SESSION_REFRESH_SECONDS)
    before = session_row(client).expire_date
    client.get("/")
    after = session_row(client).expire_date
    assert after - before >= timedelta(seconds=settings.SESSION_REFRESH_SECONDS)
    assert after >= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)


def test_keeping_signed_in_pushes_the_idle_window_back_at_once(client, caseworker_a):
    """Typing in a form, or "Stay signed in" on the idle warning (static/js/app.js), saves the
    session whatever its last save: the timeout counts from now."""
    login(client, "a-caseworker", TEST_PASSWORD)
    age_last_save(client, 10)  # saved recently: a page request would not save it
    before = session_row(client).expire_date
    response = client.post("/accounts/sessions/keep/")
    assert response.status_code == 204 and response.content == b""
    after = session_row(client).expire_date
    assert after - before >= timedelta(seconds=9)
    assert after >= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)
    assert client.get("/accounts/sessions/keep/").status_code == 405
    page = client.get("/").content.decode()
    assert f'data-idle-seconds="{settings.SESSION_COOKIE_AGE}"' in page
    assert 'data-keep-signed-in="/accounts/sessions/keep/"' in page


def test_a_signed_out_browser_cannot_keep_a_session(client, caseworker_a):
    assert Client(enforce_csrf_checks=True).post("/accounts/sessions/keep/").status_code == 403
    assert client.post("/accounts/sessions/keep/").status_code == 401
    assert "data-keep-signed-in" not in client.get("/accounts/login/").content.decode()
    # A session that ended while the page stood open: 401, and no "what you sent was not
    # saved" on the sign-in page (a script asked, not the person).
    login(client, "a-caseworker", TEST_PASSWORD)
    client.session.delete()
    assert client.post("/accounts/sessions/keep/").status_code == 401
    assert "not saved" not in client.get("/accounts/login/").content.decode()


def test_requests_soon_after_a_save_do_not_write_the_session(client, caseworker_a):
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert 0 < settings.SESSION_REFRESH_SECONDS <= 5 * 60
    login(client, "a-caseworker", TEST_PASSWORD)
    client.get("/cases/")
    before = session_row(client).expire_date
    with CaptureQueriesContext(connection) as queries:
        client.get("/cases/")
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))
    ]
    assert not [sql for sql in writes if "django_session" in sql]
    assert session_row(client).expire_date == before


def test_a_refresh_that_cannot_be_saved_does_not_fail_the_page(client, caseworker_a, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    login(client, "a-caseworker", TEST_PASSWORD)
    age_last_save(client, settings.SESSION_REFRESH_SECONDS)

    def database_gone(self, must_create=False):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "save", database_gone)
    assert client.get("/cases/").status_code == 200


def test_an_idle_session_never_outlives_the_idle_timeout(client, caseworker_a):
    """The timeout counts from the last save, which is never later than the last request."""
    login(client, "a-caseworker", TEST_PASSWORD)
    client.get("/")
    assert session_row(client).expire_date <= timezone.now() + timedelta(
        seconds=settings.SESSION_COOKIE_AGE
    )


@pytest.mark.parametrize(
    "url",
    ["/", "/members/", "/members/staff/", "/members/organizations/", "/accounts/password_change/"],
)
def test_pages_require_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", ["/accounts/login/", "/healthz/web", "/accounts/password_reset/"])
def test_public_pages(client, db, url):
    assert client.get(url).status_code == 200


def test_password_reset_sends_a_link(client, caseworker_a, mailoutbox):
    client.post(reverse("password_reset"), {"email": "a-caseworker@example.org"})
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body
    assert "a-caseworker" in mailoutbox[0].body


@pytest.mark.parametrize("address", ["a-caseworker@example.org", "nobody@example.org"])
def test_password_reset_is_emailed_by_a_task_whether_or_not_the_address_has_an_account(
    client, caseworker_a, mailoutbox, monkeypatch, address
):
    """The request only queues: looking the address up and talking to the mail server happen
    in the task, so how long the answer takes says nothing of the address."""
    from members import tasks

    queued = []
    monkeypatch.setattr(tasks.send_password_reset, "delay", lambda *args: queued.append(args))
    response = client.post(reverse("password_reset"), {"email": address})

    assert response.status_code == 302
    assert queued == [(address,)]
    assert mailoutbox == []


def test_password_reset_email_is_in_the_account_owners_language(client, caseworker_a, mailoutbox):
    caseworker_a.language = "ur"
    caseworker_a.save(update_fields=["language"])
    client.post(reverse("password_reset"), {"email": "a-caseworker@example.org"})

    assert len(mailoutbox) == 1
    assert "نیا پاس ورڈ منتخب کرنے کے لیے یہ لنک کھولیں" in mailoutbox[0].body
    assert f"{settings.SITE_URL}/accounts/reset/" in mailoutbox[0].body


def test_password_change(client, caseworker_a):
    client.force_login(caseworker_a.user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    caseworker_a.user.refresh_from_db()
    assert caseworker_a.user.check_password("a-new-long-passphrase")
