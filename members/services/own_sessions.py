"""A person signing out their own other sessions (a phone left signed in, a shared computer)."""

from django.contrib.auth.models import AbstractUser

from coalition.audit import log_action
from coalition.models import AccessLog

from ..sessions import end_sessions


def sign_out_everywhere_else(*, user: AbstractUser, current_key: str | None) -> int:
    """End every session of `user` but the current one, logged with how many ended."""
    ended = end_sessions(user, keep=current_key)
    log_action(
        user, AccessLog.Action.LOGOUT, user, verb="account.other_sessions_ended", ended=ended
    )
    return ended
