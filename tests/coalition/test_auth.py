"""Sign-in, sign-out, lockout, idle timeout, and nothing reachable signed out."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

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
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    login(client, "a-caseworker", TEST_PASSWORD)
    session = client.session
    session.set_expiry(-1)  # as if the idle period had passed
    session.save()
    assert client.get("/").status_code == 302


def test_each_request_extends_the_idle_window(client, caseworker_a):
    login(client, "a-caseworker", TEST_PASSWORD)
    client.get("/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


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
