"""Signing in with a second factor: what a signed-in person may reach before giving it.

After the password (Django's sign-in) a person with an authenticator is asked for a code; one
whose role requires a second factor (members.accounts_policy) and has none is sent to set one
up. Until then only those pages, signing out and changing language answer. A browser may be
remembered for at most 12 hours: a signed cookie naming the person and their device, which
stops working when the device is removed (an admin's reset).
"""

from datetime import timedelta

import django_otp
from django.conf import settings
from django.core import signing
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_noop
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import accounts_policy as policy
from .access import staff_of

REMEMBER_COOKIE = "second_factor_remembered"
REMEMBER_SALT = "members.two_factor.remember"
REMEMBER_HOURS_MAX = 12
NO_AUTHENTICATOR = "second_factor_none"
# Reachable between the password and the second factor.
OPEN_URL_NAMES = frozenset(
    {
        "two_factor_verify",
        "two_factor_setup",
        "logout",
        "set_language",
        "login",
        # Typing the code keeps the session (static/js/app.js): not a way past the factor.
        "keep_signed_in",
        # A passkey in place of a code (members.passkey_views), and its script's messages.
        "credential-authentication-begin",
        "credential-authentication-complete",
        "js-i18n-catalog",
    }
)


def remember_hours() -> int:
    return min(settings.TWO_FACTOR_REMEMBER_HOURS, REMEMBER_HOURS_MAX)


def required_for(user) -> bool:
    staff = staff_of(user)
    return (
        settings.REQUIRE_TWO_FACTOR
        and staff is not None
        and policy.second_factor_required(staff.role)
    )


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def remember_browser(response, user, device) -> None:
    value = signing.dumps({"u": user.pk, "d": device.persistent_id}, salt=REMEMBER_SALT)
    response.set_cookie(
        REMEMBER_COOKIE,
        value,
        max_age=remember_hours() * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def remembered_device(request, user):
    """The device this browser was remembered for, if the cookie is fresh and it still exists."""
    try:
        data = signing.loads(
            request.COOKIES.get(REMEMBER_COOKIE, ""),
            salt=REMEMBER_SALT,
            max_age=timedelta(hours=remember_hours()),
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk:
        return None
    device = django_otp.devices_for_user(user, confirmed=True)
    return next((d for d in device if d.persistent_id == data.get("d")), None)


class VerifiedUserMiddleware(OTPMiddleware):
    """django-otp's middleware (`request.user.otp_device`, `is_verified()`), run at once on the
    user coalition.middleware.SignedInUserMiddleware loaded, instead of behind another lazy
    stand-in: the next middleware asks `is_verified()` on every request anyway. The
    verification is django-otp's own, as is `request.auser`."""

    async_capable = False  # served by WSGI; Django adapts it should that change

    def __call__(self, request):
        user = getattr(request, "user", None)
        self._install_lazy_accessors(request)  # `request.auser`
        if user is not None:
            request.user = self._verify_user_sync(request, user)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Runs after VerifiedUserMiddleware (django-otp's, which tells whether the session is
    verified)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        match = getattr(request, "resolver_match", None) or _resolve(request)
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return self.get_response(request)
        # Whether the person has an authenticator is noted at sign-in (note_authenticator):
        # setting one up verifies this session and ends the person's others, and an admin's
        # reset ends them all, so the note cannot go stale.
        noted_none = request.session.get(NO_AUTHENTICATOR)
        authenticator = None if noted_none else authenticator_of(user)
        if authenticator is None and not noted_none:
            request.session[NO_AUTHENTICATOR] = True
        if authenticator is not None:
            device = remembered_device(request, user)
            if device is not None:
                django_otp.login(request, device)
                return self.get_response(request)
            return redirect(_with_next(reverse("two_factor_verify"), request))
        if required_for(user):
            return redirect(_with_next(reverse("two_factor_setup"), request))
        return self.get_response(request)


def _resolve(request):
    from django.urls import Resolver404, resolve

    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def _with_next(url: str, request) -> str:
    from django.utils.http import urlencode

    if request.method == "GET" and request.path != "/":
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


def note_authenticator(sender, request, user, **kwargs) -> None:
    """At sign-in: note in the session whether the person has an authenticator, so that pages
    do not ask the database on every request."""
    if request is not None and hasattr(request, "session"):
        request.session[NO_AUTHENTICATOR] = authenticator_of(user) is None


# django-otp-webauthn's own refusals, which it sends to the page untranslated into Urdu: named
# here so that `make messages` keeps their Urdu in our catalogue, which Django reads first.
PASSKEY_LIBRARY_MESSAGES = (
    gettext_noop("Error processing WebAuthn request."),
    gettext_noop(
        "State is missing or invalid. Please begin the operation first before trying to "
        "complete it."
    ),
    gettext_noop("Unprocessable Entity"),
    gettext_noop("The Passkey you tried to use was not found. Perhaps it was removed?"),
    gettext_noop(
        "The Passkey you tried to use does not belong to the currently logged-in user. Try "
        "using a different Passkey or logout first to use this Passkey."
    ),
)
