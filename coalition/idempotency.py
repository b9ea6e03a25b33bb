"""One row per submit: the key a create form carries makes a double submit, or a retry after an
error page, return the row the first submit created instead of creating another.

A service calls `earlier_result` inside its transaction, after its permission checks and before
writing: it claims the key for this submit, or returns the id of what an earlier submit with the
same key created. Once it has written, it calls `remember`. A failed submit rolls the claim back
with everything else, so the same form can be corrected and sent again. Two submits racing wait
on the key's unique index: the second sees the first's row once the first commits.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import SubmitKey

# Long enough for any retry a person makes; clear_expired_sessions forgets older keys.
KEPT_FOR = timedelta(days=30)


def new_key() -> str:
    return secrets.token_urlsafe(24)


def earlier_result(*, by, key: str, purpose: str) -> int | None:
    """Claim `key` for this submit: None to go ahead and create, or the id an earlier submit
    with the same key created. No key (an old form, a script): always None."""
    if not key:
        return None
    try:
        with transaction.atomic():
            SubmitKey.objects.create(user=by, key=key, purpose=purpose)
        return None
    except IntegrityError:
        earlier = SubmitKey.objects.filter(user=by, key=key).first()
    if earlier is None or earlier.purpose != purpose or earlier.target_id is None:
        raise ValidationError(
            _("This form was already sent. Open the page again to start a new one.")
        )
    return earlier.target_id


def remember(*, by, key: str, purpose: str, target) -> None:
    """Record what this submit created, for a repeat of it to find."""
    if key:
        SubmitKey.objects.filter(user=by, key=key, purpose=purpose).update(target_id=target.pk)


def forget_old_keys() -> int:
    deleted, _by_model = SubmitKey.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return deleted
