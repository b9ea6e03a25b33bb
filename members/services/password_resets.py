"""Self-service password reset requests: logged, and limited per email and per address."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from coalition.audit import current_ip, log_action
from coalition.models import AccessLog

REQUESTED = "account.password_reset_requested"


def email_digest(email: str) -> str:
    """A keyed hash of the address: the log can count requests for one address without
    keeping it."""
    return salted_hmac(
        "members.password_reset.email",
        email.strip().lower(),
        secret=settings.IDENTIFIER_HASH_KEY or settings.SECRET_KEY,
        algorithm="sha256",
    ).hexdigest()


@transaction.atomic
def note_reset_request(*, email: str) -> bool:
    """Log a reset request; whether its email may be sent (False past either hourly limit).

    The person asking is shown the same page either way: the answer never says whether the
    address has an account, nor whether it was limited.
    """
    digest = email_digest(email)
    ip = current_ip.get()
    recent = AccessLog.objects.filter(verb=REQUESTED, at__gte=timezone.now() - timedelta(hours=1))
    for_email = recent.filter(details__email_hash=digest).count()
    from_address = recent.filter(ip_address=ip).count() if ip else 0
    allowed = (
        for_email < settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR
        and from_address < settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR
    )
    log_action(None, AccessLog.Action.CHANGE, None, verb=REQUESTED, email_hash=digest, sent=allowed)
    return allowed
