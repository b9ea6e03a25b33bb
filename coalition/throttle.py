"""Slowing password guessing without letting a stranger lock a colleague out.

Three limits, counted from the failed sign-ins django-axes records (one row per name, address
and browser):

- One name from one address: axes locks that pair after LOGIN_FAILURE_LIMIT failures, for
  LOGIN_COOLOFF_MINUTES. Someone at another address is not affected.
- One address across names (password spraying): after LOGIN_FAILURES_PER_ADDRESS failures in
  the cool-off window, sign-ins from that address are refused until the window passes. The
  limit is high enough for an office behind one address.
- One name across other addresses: after LOGIN_FAILURE_LIMIT failures, each further attempt at that
  name must wait a delay that doubles with every failure (at most LOGIN_DELAY_MAX_SECONDS) after
  the last one. Nobody is locked out: and a browser the person has signed in from before (it
  holds a signed "known device" cookie marking that name, by keyed hash) skips the delay
  altogether, so an attacker elsewhere cannot keep a colleague out.
"""

import math
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.core import signing
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .middleware import client_ip

KNOWN_DEVICE_COOKIE = "known_device"
KNOWN_DEVICE_SALT = "coalition.throttle.known_device"
KNOWN_DEVICE_DAYS = 90


def _recent():
    return AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )


def address_refused(ip: str | None) -> bool:
    """Too many failed sign-ins from this address, whatever the names tried."""
    if not ip:
        return False
    failures = _recent().filter(ip_address=ip).aggregate(n=Sum("failures_since_start"))["n"]
    return (failures or 0) >= settings.LOGIN_FAILURES_PER_ADDRESS


def _name_mark(username: str) -> str:
    """What the cookie keeps of a name: a keyed hash, never the name. Anyone at a shared office
    computer can read a cookie, and the list of accounts used there is not theirs to read."""
    return salted_hmac(KNOWN_DEVICE_SALT, username.strip().lower()).hexdigest()[:20]


def _known_names(request) -> list[str]:
    """The marks of the names signed in from this browser."""
    value = request.COOKIES.get(KNOWN_DEVICE_COOKIE, "")
    try:
        marks = signing.loads(
            value, salt=KNOWN_DEVICE_SALT, max_age=timedelta(days=KNOWN_DEVICE_DAYS)
        )
    except signing.BadSignature:
        return []
    return [str(mark) for mark in marks] if isinstance(marks, list) else []


def seconds_to_wait(request, username: str) -> int:
    """How long before this name may be tried again from this browser (0: now)."""
    username = (username or "").strip()
    if not username or _name_mark(username) in _known_names(request):
        return 0
    # Failures from this browser's own address are the pair lock's (axes) to answer.
    recent = _recent().filter(username__iexact=username).exclude(ip_address=client_ip(request))
    totals = recent.aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
    failures = totals["n"] or 0
    if failures < settings.AXES_FAILURE_LIMIT:
        return 0
    delay = min(2 ** (failures - settings.AXES_FAILURE_LIMIT), settings.LOGIN_DELAY_MAX_SECONDS)
    remaining = (totals["last"] + timedelta(seconds=delay) - timezone.now()).total_seconds()
    return max(0, math.ceil(remaining))


def remember_device(request, response, username: str) -> None:
    """After a successful sign-in: this browser may try this name without the delay."""
    mark = _name_mark(username)
    marks = [mark, *(known for known in _known_names(request) if known != mark)][:5]
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        signing.dumps(marks, salt=KNOWN_DEVICE_SALT),
        max_age=KNOWN_DEVICE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
