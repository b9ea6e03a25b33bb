"""Sign-ins, sign-outs and failures in the access log; the limits on guessing and on reset
requests; the absolute session lifetime; no-store on signed-in pages."""

import base64
import time
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.middleware import SIGNED_IN_AT
from coalition.models import AccessLog
from tests.factories import TEST_PASSWORD


def sign_in(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_sign_in_sign_out_and_a_failure_are_in_the_access_log(client, caseworker_a):
    sign_in(client, "a-caseworker", "wrong-password")
    sign_in(client, "a-caseworker", TEST_PASSWORD)
    client.post(reverse("logout"))
    entries = AccessLog.objects.filter(verb__startswith="account.").order_by("id")
    verbs = list(entries.values_list("verb", "actor_id", "target_id"))
    user = caseworker_a.user.pk
    assert verbs == [
        ("account.sign_in_failed", None, user),
        ("account.signed_in", user, user),
        ("account.signed_out", user, user),
    ]
    failed = AccessLog.objects.get(verb="account.sign_in_failed")
    assert failed.ip_address == "10.0.0.1"
    assert "wrong-password" not in str(failed.details)


def test_a_failure_on_an_unknown_name_keeps_no_trace_of_what_was_typed(client, db):
    sign_in(client, "my-secret-password", "x")
    entry = AccessLog.objects.get(verb="account.sign_in_failed")
    assert entry.target_id is None and entry.details == {"known_account": False}
    assert "my-secret-password" not in f"{entry.target_label}{entry.details}"


def test_spraying_one_password_across_names_from_one_address_is_refused(
    client, settings, caseworker_a, supervisor_a
):
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    for n in range(4):
        sign_in(client, f"someone-{n}", "Spring2026!", ip="203.0.113.9")
    refused = sign_in(client, "a-caseworker", TEST_PASSWORD, ip="203.0.113.9")
    assert refused.status_code == 200
    assert b"Too many failed sign-ins from this network" in refused.content
    elsewhere = sign_in(Client(), "a-supervisor", TEST_PASSWORD, ip="198.51.100.7")
    assert elsewhere.status_code == 302


def test_guessing_one_name_from_many_addresses_is_slowed_not_locked(client, caseworker_a):
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in(Client(), "a-caseworker", "guess", ip=f"192.0.2.{n + 1}")
    slowed = sign_in(client, "a-caseworker", TEST_PASSWORD, ip="192.0.2.200")
    assert slowed.status_code == 200
    assert b"Wait" in slowed.content
    # A wait, not a lockout: once the (capped) delay has passed, the right password works.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timedelta(seconds=settings.LOGIN_DELAY_MAX_SECONDS + 1)
    )
    assert sign_in(client, "a-caseworker", TEST_PASSWORD, ip="192.0.2.200").status_code == 302


def test_a_browser_the_person_signed_in_from_skips_the_delay_a_stranger_caused(caseworker_a):
    own_browser = Client()
    assert sign_in(own_browser, "a-caseworker", TEST_PASSWORD).status_code == 302
    own_browser.post(reverse("logout"))
    for n in range(settings.AXES_FAILURE_LIMIT + 3):
        sign_in(Client(), "a-caseworker", "guess", ip=f"192.0.2.{n + 1}")
    assert sign_in(Client(), "a-caseworker", TEST_PASSWORD, ip="10.9.9.9").status_code == 200
    assert sign_in(own_browser, "a-caseworker", TEST_PASSWORD, ip="10.9.9.9").status_code == 302
    # The cookie marks the name by keyed hash: a shared computer's cookies name no account.
    cookie = own_browser.cookies["known_device"].value
    payload = base64.urlsafe_b64decode(cookie.split(":")[0] + "===").decode()
    assert "a-caseworker" not in payload


def test_axes_reads_the_client_address_behind_the_configured_proxies(client, settings, db):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    client.post(
        reverse("login"),
        {"username": "nobody", "password": "x"},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    assert AccessAttempt.objects.get().ip_address == "198.51.100.23"
    assert AccessLog.objects.get(verb="account.sign_in_failed").ip_address == "198.51.100.23"


def test_reset_requests_are_limited_per_email(client, settings, caseworker_a):
    settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR = 2
    for n in range(4):
        response = client.post(
            reverse("password_reset"),
            {"email": "a-caseworker@example.org"},
            REMOTE_ADDR=f"10.1.1.{n}",
        )
        assert response.status_code == 302  # the same answer whether sent or not
    assert len(mail.outbox) == 2
    assert AccessLog.objects.filter(verb="account.password_reset_requested").count() == 4
    assert "a-caseworker@example.org" not in str(
        list(AccessLog.objects.values_list("details", flat=True))
    )


def test_reset_requests_are_limited_per_address(client, settings, caseworker_a, supervisor_a):
    settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 1
    for email in ("a-caseworker@example.org", "a-supervisor@example.org"):
        client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR="10.2.2.2")
    assert len(mail.outbox) == 1


def test_the_reset_link_uses_site_url_not_the_request_host(client, settings, caseworker_a):
    settings.SITE_URL = "https://cases.example.org"
    settings.ALLOWED_HOSTS = ["attacker.example", "testserver"]
    client.post(
        reverse("password_reset"),
        {"email": "a-caseworker@example.org"},
        HTTP_HOST="attacker.example",
    )
    assert "https://cases.example.org/" in mail.outbox[0].body
    assert "attacker.example" not in mail.outbox[0].body


def test_a_session_ends_twelve_hours_after_sign_in_however_active(client, caseworker_a):
    sign_in(client, "a-caseworker", TEST_PASSWORD)
    assert client.get("/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_HOURS * 3600 - 1
    session.save()
    assert client.get("/").status_code == 302
    assert client.get("/").status_code == 302  # and stays ended


def test_signed_in_pages_are_never_stored(client, caseworker_a):
    sign_in(client, "a-caseworker", TEST_PASSWORD)
    for path in ("/", "/cases/", "/notifications/"):
        assert "no-store" in client.get(path)["Cache-Control"]


def test_the_deploy_check_warns_when_two_factor_is_off_or_proxies_are_not_counted(settings):
    from coalition.checks import proxy_count_behind_a_proxy, two_factor_required

    settings.REQUIRE_TWO_FACTOR = False
    assert [w.id for w in two_factor_required(None)] == ["coalition.W003"]
    settings.REQUIRE_TWO_FACTOR = True
    assert two_factor_required(None) == []
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    assert [w.id for w in proxy_count_behind_a_proxy(None)] == ["coalition.W004"]
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert proxy_count_behind_a_proxy(None) == []
