"""A passkey in a real browser: Chromium's virtual authenticator (DevTools' WebAuthn domain)
stands in for a security key. Added from the two-factor page in English, used in place of the
code in Urdu; the library's scripts load from our own static files under the strict CSP."""

import re
import time

import pytest
from django.utils import translation
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn.models import WebAuthnCredential

from members.roles import Role
from tests.factories import TEST_PASSWORD, make_staff
from tests.security.test_two_factor import code_for

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
).expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def ur(text: str) -> str:
    with translation.override("ur"):
        return str(translation.gettext(text))


def with_virtual_authenticator(page) -> None:
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


@pytest.fixture
def messages_arrive_late(monkeypatch):
    """The passkey scripts' catalogue of messages answered after the scripts themselves, as on
    a slow connection or a busy server (the live server sleeps, not the browser's test): loaded
    async, it left `gettext` undefined when the button was clicked, and the click did nothing
    (seen in CI)."""
    answer = JavaScriptCatalog.get

    def late(self, request, *args, **kwargs):
        time.sleep(1.5)
        return answer(self, request, *args, **kwargs)

    monkeypatch.setattr(JavaScriptCatalog, "get", late)


def sign_in_with_password(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))


def test_a_passkey_is_added_then_used_instead_of_the_code(
    settings, live_server, page, page_errors, csp_refusals, org_a, messages_arrive_late
):
    settings.REQUIRE_TWO_FACTOR = True
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    assert live_server.url.startswith("http://localhost:")
    staff = make_staff(org_a, Role.SUPERVISOR, "passkey-supervisor")
    device = staff.user.totpdevice_set.create(name="authenticator", confirmed=True)
    with_virtual_authenticator(page)

    sign_in_with_password(page, staff.user.username)
    page.locator("input[name=code]").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))

    page.goto("/accounts/two-factor/setup/")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("Passkey added")).to_be_visible()
    assert WebAuthnCredential.objects.filter(user=staff.user).count() == 1

    page.context.clear_cookies()
    sign_in_with_password(page, staff.user.username)
    page.locator("button[name=language][value=ur]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    page.get_by_role("button", name=ur("Use a passkey")).click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    assert page.locator("html").get_attribute("lang") == "ur"
    assert page_errors == []  # "gettext is not defined", among others
    assert csp_refusals == []
