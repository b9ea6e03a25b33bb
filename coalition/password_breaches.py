"""Passwords found in public breaches are refused (Have I Been Pwned's range API).

k-anonymity: only the first 5 hex characters of the password's SHA-1 leave the server; the API
answers with every known suffix under that prefix (padded with decoys, so the answer's size says
nothing either), and the match is made here. When the API cannot be reached within
PWNED_PASSWORDS_TIMEOUT seconds the password is let through and a warning logged: a breach list
that is down must not stop a person from setting a password. On with PWNED_PASSWORDS_CHECK.
"""

import hashlib
import logging
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as LookupTimeout

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RANGE_API = "https://api.pwnedpasswords.com/range/"
# The lookup runs beside the request so that the whole of it (name lookup included, which a
# socket timeout does not cover) is bounded; a lookup still hanging holds one of these threads.
_lookups = ThreadPoolExecutor(max_workers=4, thread_name_prefix="breached-password")


def _suffixes_for(prefix: str) -> str:
    request = urllib.request.Request(  # noqa: S310 - a fixed https address
        RANGE_API + prefix,
        headers={"Add-Padding": "true", "User-Agent": "coalition-cases password check"},
    )
    with urllib.request.urlopen(  # noqa: S310 - a fixed https address
        request, timeout=settings.PWNED_PASSWORDS_TIMEOUT
    ) as response:
        return response.read().decode("ascii", errors="replace")


def times_breached(password: str) -> int | None:
    """How many times the password appears in the breach list; None when it cannot be told."""
    digest = hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest().upper()
    prefix, suffix = digest[:5], digest[5:]
    try:
        body = _lookups.submit(_suffixes_for, prefix).result(
            timeout=settings.PWNED_PASSWORDS_TIMEOUT
        )
    except (OSError, ValueError, LookupTimeout):
        logger.warning("Breached-password check skipped: the range API did not answer in time")
        return None
    # Padding adds decoy suffixes with a count of 0.
    for line in body.splitlines():
        candidate, _sep, count = line.strip().partition(":")
        if candidate == suffix:
            return int(count) if count.isdigit() else 1
    return 0


class BreachedPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        if not settings.PWNED_PASSWORDS_CHECK:
            return
        if times_breached(password):
            raise ValidationError(
                _(
                    "This password has appeared in a data breach and is known to attackers. "
                    "Choose a different one."
                ),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        if not settings.PWNED_PASSWORDS_CHECK:
            return ""
        return _("Your password cannot be one that has appeared in a known data breach.")
