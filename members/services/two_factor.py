"""Second factors: setting up an authenticator, backup codes, passkeys, and an admin's reset.

The rules (who must, who may reset whose) are in members.accounts_policy.
"""

import django_otp
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from coalition.audit import log_action
from coalition.models import AccessLog

from .. import accounts_policy as policy
from ..models import Staff
from ..queries import account_of
from ..sessions import end_sessions
from .common import acting_account, lock_staff, tell_owner

BACKUP_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
BACKUP_NAME = "backup codes"


def pending_authenticator(user: AbstractUser) -> TOTPDevice:
    """The authenticator being set up (not yet confirmed), made on first asking."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def _lock_user(user: AbstractUser) -> AbstractUser:
    return get_user_model().objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def confirm_authenticator(
    *, by: AbstractUser, token: str, verified: bool, session_key: str | None
) -> list[str]:
    """Confirm the pending authenticator with a code it shows; returns new backup codes (shown
    once). Replacing an authenticator takes a session signed in with the old one. The person's
    other sessions end: they were signed in without it."""
    user = _lock_user(by)
    if not verified and TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise PermissionDenied(_("Sign in with your current authenticator first."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None or not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError(
            _("That code is not right. Check the time on your phone and enter the newest code.")
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    end_sessions(user, keep=session_key)
    log_action(by, AccessLog.Action.CHANGE, user, verb="account.second_factor_added")
    return _new_backup_codes(user)


@transaction.atomic
def replace_backup_codes(*, by: AbstractUser) -> list[str]:
    user = _lock_user(by)
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Set up an authenticator app first."))
    log_action(by, AccessLog.Action.CHANGE, user, verb="account.backup_codes_replaced")
    return _new_backup_codes(user)


def _new_backup_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def sign_in_with(request, device) -> None:
    """Mark the session as signed in with the second factor `device`."""
    django_otp.login(request, device)
    log_action(
        request.user, AccessLog.Action.LOGIN, request.user, verb="account.second_factor_verified"
    )


def verify_second_factor(*, request, token: str):
    """The device that accepts the code (an authenticator's code, or a backup code, which is
    then used up), signing the session in with it; None, logged, when none does. django-otp
    slows repeated wrong codes on each device."""
    user = request.user
    device = django_otp.match_token(user, token.strip().replace(" ", ""))
    if device is None:
        log_action(user, AccessLog.Action.LOGIN_FAILED, user, verb="account.second_factor_failed")
        return None
    sign_in_with(request, device)
    return device


def passkey_added(*, request, device: WebAuthnCredential) -> None:
    """A passkey was registered on this session (django-otp-webauthn saved it): logged, and the
    person's other sessions end, as when an authenticator is set up."""
    end_sessions(device.user, keep=request.session.session_key)
    log_action(request.user, AccessLog.Action.CHANGE, device.user, verb="account.passkey_added")


def passkeys_of(user: AbstractUser):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


@transaction.atomic
def remove_passkey(*, by: AbstractUser, passkey_id: int, verified: bool) -> None:
    """The owner removes one of their passkeys, from a session signed in with a second factor."""
    user = _lock_user(by)
    if not verified:
        raise PermissionDenied(_("Sign in with your second factor first."))
    removed, _kinds = WebAuthnCredential.objects.filter(user=user, pk=passkey_id).delete()
    if not removed:
        raise ValidationError(_("That passkey is already gone."))
    log_action(by, AccessLog.Action.CHANGE, user, verb="account.passkey_removed")


def has_second_factor(user: AbstractUser) -> bool:
    return any(isinstance(d, TOTPDevice) for d in devices_for_user(user, confirmed=True))


@transaction.atomic
def reset_second_factor(*, staff: Staff, by: AbstractUser) -> None:
    """Remove every second factor of `staff`'s account, passkeys included (they lost their
    phone or their key): an admin who
    oversees the account, never the owner. Their sessions end; they are told."""
    staff = lock_staff(staff)
    actor = acting_account(by)
    if not policy.may_reset_second_factor(actor, account_of(staff)):
        raise PermissionDenied(_("You cannot reset this account's second factor."))
    user = staff.user
    removed = 0
    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        removed += model.objects.filter(user=user).delete()[0]
    if not removed:
        raise ValidationError(_("This account has no second factor to reset."))
    end_sessions(user)
    entry = log_action(
        by,
        AccessLog.Action.CHANGE,
        user,
        verb="account.second_factor_reset",
        organization=staff.organization,
    )
    tell_owner(
        staff,
        "account_second_factor_reset",
        entry=entry,
        by=by.get_username(),
        username=user.get_username(),
    )
