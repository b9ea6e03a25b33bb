"""Passwords found in public breaches are refused; only 5 characters of the password's SHA-1
leave the server; a breach list that cannot be reached in time lets the password by, logged.
The API is never called: its answer is replaced here."""

import hashlib
import io
import logging
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from coalition import password_breaches

BREACHED = "coalition-summer-2024"
FRESH = "river-lantern-okra-91"


def sha1(password: str) -> str:
    return hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest().upper()


class RangeAPI:
    """Answers as the range API does: suffix:count lines, with decoys of count 0 (padding)."""

    def __init__(self, known: dict[str, int]):
        self.known = {sha1(p): n for p, n in known.items()}
        self.asked: list[str] = []

    def __call__(self, request, timeout):
        self.asked.append(request.full_url)
        prefix = request.full_url.rsplit("/", 1)[1]
        lines = [f"{h[5:]}:{n}" for h, n in self.known.items() if h.startswith(prefix)]
        lines += [f"{'0' * 34}{i:01X}:0" for i in range(3)]
        return io.BytesIO("\r\n".join(lines).encode())


@pytest.fixture
def api(settings, monkeypatch) -> RangeAPI:
    settings.PWNED_PASSWORDS_CHECK = True
    fake = RangeAPI({BREACHED: 4210, FRESH: 0})  # FRESH only as a decoy of the padding
    monkeypatch.setattr(password_breaches.urllib.request, "urlopen", fake)
    return fake


def test_a_breached_password_is_refused(api):
    with pytest.raises(ValidationError) as refused:
        validate_password(BREACHED)
    assert refused.value.error_list[-1].code == "password_breached"


def test_only_five_characters_of_the_hash_are_sent(api):
    validate_password(FRESH)
    (url,) = api.asked
    assert url == password_breaches.RANGE_API + sha1(FRESH)[:5]
    assert FRESH not in url and sha1(FRESH)[5:] not in url


def test_a_password_matched_only_by_padding_is_accepted(api):
    validate_password(FRESH)


@pytest.mark.parametrize("failure", [TimeoutError("timed out"), OSError("no route to host")])
def test_when_the_api_fails_the_password_is_let_by_with_a_warning(
    settings, monkeypatch, caplog, failure
):
    settings.PWNED_PASSWORDS_CHECK = True

    def down(request, timeout):
        raise failure

    monkeypatch.setattr(password_breaches.urllib.request, "urlopen", down)
    with caplog.at_level(logging.WARNING, logger="coalition.password_breaches"):
        validate_password(BREACHED)
    assert "did not answer" in caplog.text


def test_an_api_slower_than_the_timeout_is_not_waited_for(settings, monkeypatch, caplog):
    settings.PWNED_PASSWORDS_CHECK = True
    settings.PWNED_PASSWORDS_TIMEOUT = 0.2

    def hanging(request, timeout):  # a name lookup stuck where no socket timeout reaches
        time.sleep(1)
        return io.BytesIO(f"{sha1(BREACHED)[5:]}:4210".encode())

    monkeypatch.setattr(password_breaches.urllib.request, "urlopen", hanging)
    with caplog.at_level(logging.WARNING, logger="coalition.password_breaches"):
        validate_password(BREACHED)
    assert "did not answer" in caplog.text


def test_off_it_asks_nothing(settings, monkeypatch):
    settings.PWNED_PASSWORDS_CHECK = False

    def never(request, timeout):
        raise AssertionError("the API was asked")

    monkeypatch.setattr(password_breaches.urllib.request, "urlopen", never)
    validate_password(BREACHED)


def test_the_tests_and_the_demo_never_ask_the_api(settings):
    """pyproject's test environment sets it off; the demo (DEBUG) defaults to off."""
    assert settings.PWNED_PASSWORDS_CHECK is False


def test_changing_to_a_breached_password_is_refused_in_both_languages(api, as_user, caseworker_a):
    client = as_user(caseworker_a)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "x",
            "new_password1": BREACHED,
            "new_password2": BREACHED,
        },
    )
    assert "appeared in a data breach" in response.content.decode()
    with translation.override("ur"):
        assert "ڈیٹا لیک" in str(password_breaches.BreachedPasswordValidator().get_help_text())
