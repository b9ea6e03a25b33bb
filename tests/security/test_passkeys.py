"""Passkeys (WebAuthn) as a second factor: added by a session signed in with one, used in place
of the code, never in place of the password; removed by their owner or by the admin's reset.
The ceremonies run for real against a passkey in software (soft_passkey.py)."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from coalition.models import AccessLog

from .soft_passkey import SoftPasskey
from .test_two_factor import code_for, set_up, sign_in


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.REQUIRE_TWO_FACTOR = True


@pytest.fixture
def passkey(settings) -> SoftPasskey:
    return SoftPasskey(origin=settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0])


def post_json(client: Client, name: str, data=None, **query):
    url = reverse(f"otp_webauthn:{name}")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def add_passkey(client: Client, passkey: SoftPasskey):
    options = post_json(client, "credential-registration-begin").json()
    return post_json(client, "credential-registration-complete", passkey.register(options))


def use_passkey(client: Client, passkey: SoftPasskey, **query):
    options = post_json(client, "credential-authentication-begin").json()
    return post_json(
        client, "credential-authentication-complete", passkey.authenticate(options), **query
    )


def signed_in_with_app(client: Client, staff) -> None:
    sign_in(client, staff.user.username)
    set_up(client, staff.user)


def test_a_passkey_added_after_the_app_stands_in_for_the_code(client, supervisor_a, passkey):
    signed_in_with_app(client, supervisor_a)
    assert b"passkey-registration-placeholder" in client.get(reverse("two_factor_setup")).content
    assert add_passkey(client, passkey).status_code == 200
    assert WebAuthnCredential.objects.filter(user=supervisor_a.user, confirmed=True).count() == 1
    assert AccessLog.objects.filter(verb="account.passkey_added", actor=supervisor_a.user).exists()

    browser = Client()
    sign_in(browser, "a-supervisor")
    assert browser.get("/cases/").status_code == 302
    assert b"passkey-verification-button" in browser.get(reverse("two_factor_verify")).content
    answer = use_passkey(browser, passkey, next="/cases/")
    assert answer.status_code == 200
    assert answer.json()["redirect_url"] == "/cases/"
    assert browser.get("/cases/").status_code == 200
    assert (
        AccessLog.objects.filter(
            verb="account.second_factor_verified", actor=supervisor_a.user
        ).count()
        == 2
    )  # the app's code at set-up, the passkey now


def test_the_code_page_offers_no_passkey_to_someone_without_one(client, supervisor_a):
    signed_in_with_app(client, supervisor_a)
    client.post(reverse("logout"))
    sign_in(client, "a-supervisor")
    assert b"passkey-verification" not in client.get(reverse("two_factor_verify")).content


def test_no_passkey_is_added_before_a_second_factor_was_given(
    client, caseworker_a, supervisor_a, passkey
):
    # Someone with no second factor at all (a caseworker, not required to have one).
    sign_in(client, "a-caseworker")
    assert post_json(client, "credential-registration-begin").status_code == 403
    # Someone who has an app but has not given its code on this session is sent to give it.
    signed_in_with_app(Client(), supervisor_a)
    unverified = Client()
    sign_in(unverified, "a-supervisor")
    assert post_json(unverified, "credential-registration-begin").status_code == 302
    assert not WebAuthnCredential.objects.exists()


def test_a_passkey_never_replaces_the_password(client, supervisor_a, passkey):
    owner = Client()
    signed_in_with_app(owner, supervisor_a)
    add_passkey(owner, passkey)
    begin = post_json(client, "credential-authentication-begin")
    assert begin.status_code == 302
    assert begin["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_another_persons_or_an_unknown_passkey_is_refused_and_logged(
    client, supervisor_a, supervisor_b, passkey, settings
):
    owner = Client()
    signed_in_with_app(owner, supervisor_a)
    add_passkey(owner, passkey)
    signed_in_with_app(Client(), supervisor_b)
    sign_in(client, "b-supervisor")
    assert use_passkey(client, passkey).status_code >= 400
    stranger = SoftPasskey(origin=settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0])
    assert use_passkey(client, stranger).status_code >= 400
    assert client.get("/cases/").status_code == 302
    failures = AccessLog.objects.filter(
        verb="account.second_factor_failed", actor=supervisor_b.user
    )
    assert failures.count() == 2
    assert all(entry.details.get("method") == "passkey" for entry in failures)


def test_a_passkey_from_another_site_is_refused(client, supervisor_a):
    signed_in_with_app(client, supervisor_a)
    phishing = SoftPasskey(origin="https://coalition-cases.example.net")
    assert add_passkey(client, phishing).status_code >= 400
    assert not WebAuthnCredential.objects.exists()


def test_adding_a_passkey_ends_the_persons_other_sessions(supervisor_a, passkey):
    other, here = Client(), Client()
    signed_in_with_app(other, supervisor_a)
    sign_in(here, "a-supervisor")
    device = TOTPDevice.objects.get(user=supervisor_a.user)
    here.post(reverse("two_factor_verify"), {"code": code_for(device, 1)})
    assert other.get("/cases/").status_code == 200
    add_passkey(here, passkey)
    assert other.get("/cases/").status_code == 302
    assert here.get("/cases/").status_code == 200


def test_the_owner_removes_a_passkey_logged(client, supervisor_a, passkey):
    signed_in_with_app(client, supervisor_a)
    add_passkey(client, passkey)
    credential = WebAuthnCredential.objects.get(user=supervisor_a.user)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert reverse("two_factor_passkey_remove", args=[credential.pk]) in page
    client.post(reverse("two_factor_passkey_remove", args=[credential.pk]))
    assert not WebAuthnCredential.objects.exists()
    assert AccessLog.objects.filter(verb="account.passkey_removed").exists()


def test_nobody_removes_another_persons_passkey(client, supervisor_a, supervisor_b, passkey):
    owner = Client()
    signed_in_with_app(owner, supervisor_a)
    add_passkey(owner, passkey)
    credential = WebAuthnCredential.objects.get()
    signed_in_with_app(client, supervisor_b)
    client.post(reverse("two_factor_passkey_remove", args=[credential.pk]))
    assert WebAuthnCredential.objects.filter(pk=credential.pk).exists()


def test_the_admin_reset_removes_passkeys_too(as_user, client, admin_a, supervisor_a, passkey):
    signed_in_with_app(client, supervisor_a)
    add_passkey(client, passkey)
    admin = as_user(admin_a)
    admin_a.user.totpdevice_set.create(name="a", confirmed=True)
    session = admin.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=admin_a.user).persistent_id
    session.save()
    admin.post(reverse("members:staff_second_factor_reset", args=[supervisor_a.pk]))
    assert not WebAuthnCredential.objects.filter(user=supervisor_a.user).exists()
    assert client.get("/cases/").status_code == 302


def test_the_passkey_script_speaks_urdu(client, supervisor_a, passkey):
    signed_in_with_app(client, supervisor_a)
    client.post(reverse("set_language"), {"language": "ur"})
    refusal = use_passkey(client, passkey).json()["detail"]  # shown under the button
    assert "پاس کی" in refusal and "نہیں ملی" in refusal
    messages = client.get(reverse("otp_webauthn:js-i18n-catalog")).content.decode()
    assert json.dumps("پاس کی شامل کریں")[1:-1] in messages  # the catalogue escapes non-ASCII
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "پاس کی شامل کریں" in page
