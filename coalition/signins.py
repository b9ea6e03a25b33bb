"""Sign-in, sign-out and failed sign-ins, in the access log; and the stamp that starts a
session's absolute lifetime."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import log_action
from .middleware import stamp_sign_in
from .models import AccessLog


@receiver(user_logged_in, dispatch_uid="coalition.signed_in")
def signed_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        stamp_sign_in(request)
    log_action(user, AccessLog.Action.LOGIN, user, verb="account.signed_in")


@receiver(user_logged_out, dispatch_uid="coalition.signed_out")
def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        log_action(user, AccessLog.Action.LOGOUT, user, verb="account.signed_out")


@receiver(user_login_failed, dispatch_uid="coalition.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """The account the attempt named, when there is one; what was typed is never kept (a
    password typed into the name field would land in the log)."""
    username = (credentials or {}).get("username") or ""
    account = get_user_model().objects.filter(username__iexact=username).first()
    log_action(
        None,
        AccessLog.Action.LOGIN_FAILED,
        account,
        verb="account.sign_in_failed",
        known_account=account is not None,
    )
