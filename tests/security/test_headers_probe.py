"""The header probe: every page reachable from the navigation, for every role, answers with the
security headers and is never stored; the cookies are Secure, HttpOnly and SameSite; HSTS is
sent. Run with the production settings the tests use (DEBUG off), over HTTPS."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from members.roles import Role
from tests.factories import TEST_PASSWORD, make_staff

NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def navigation_of(client: Client) -> list[str]:
    home = client.get("/", secure=True)
    assert home.status_code == 200
    nav = NAV.search(home.content.decode())
    assert nav, "the home page has no navigation"
    return sorted(set(HREF.findall(nav.group(0))))


def assert_security_headers(response, path: str) -> None:
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
        assert directive in csp, (path, directive)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] == "same-origin", path
    assert response["X-Frame-Options"] == "DENY", path
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000, path
    assert_cross_origin_headers(response, path)


def assert_cross_origin_headers(response, path: str) -> None:
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
    assert response["Cross-Origin-Resource-Policy"] == "same-origin", path
    permissions = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions.get(feature) == "()", (path, feature)
    # Passkeys need these: left to the browser's default (this site only), never switched off.
    assert not any(feature.startswith("publickey-credentials") for feature in permissions), path


@pytest.mark.parametrize("role", list(Role))
def test_every_page_in_the_navigation_has_the_headers_and_is_never_stored(role, db):
    from members.models import Organization

    place = "SSDO" if role.startswith("secretariat") else "Sahil"
    staff = make_staff(Organization.objects.get(short_name=place), role, f"probe-{role}")
    client = Client()
    client.force_login(staff.user)
    pages = navigation_of(client)
    assert len(pages) >= 3, pages
    for path in pages:
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        assert_security_headers(response, path)
        assert "no-store" in response["Cache-Control"], path


def test_the_sign_in_page_has_the_headers(client, db):
    assert_security_headers(client.get(reverse("login"), secure=True), "login")


def test_every_cookie_is_secure_httponly_and_samesite(caseworker_a):
    client = Client()
    client.get(reverse("login"), secure=True)
    response = client.post(
        reverse("login"), {"username": "a-caseworker", "password": TEST_PASSWORD}, secure=True
    )
    assert response.status_code == 302
    cookies = {**client.cookies}
    assert {"sessionid", "csrftoken", "django_language", "known_device"} <= set(cookies)
    for name, morsel in cookies.items():
        assert morsel["secure"], name
        assert morsel["httponly"], name
        assert morsel["samesite"] in ("Lax", "Strict"), name


def test_production_settings_turn_the_protections_on(settings):
    assert not settings.DEBUG
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS >= 31536000


@pytest.mark.parametrize(
    "path", ["/healthz/web", "/static/css/app.css", "/accounts/login/", "/no-such-page/"]
)
def test_health_checks_static_files_and_errors_have_the_cross_origin_headers(settings, db, path):
    """Outside the pages too: a stylesheet, a health check or a 404 is no more loadable from
    another site than a page."""
    settings.WHITENOISE_USE_FINDERS = True  # WhiteNoise serves the stylesheet, as in production
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get(path, secure=True)
    assert response.status_code == (404 if "no-such" in path else 200), path
    assert_cross_origin_headers(response, path)
