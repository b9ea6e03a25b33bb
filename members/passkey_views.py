"""Passkeys (WebAuthn) as a second factor, through django-otp-webauthn's ceremonies.

A passkey is added from the two-factor page by a session already signed in with a second
factor; the authenticator app and its backup codes stay the way back in when a key is lost.
On the code page a passkey stands in for a code. It never replaces the password
(OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is off), and the library's JSON endpoints answer only a
signed-in person (Django's LoginRequiredMiddleware runs before them).
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as ceremonies

from coalition.audit import log_action
from coalition.models import AccessLog

from .services import two_factor as services


class SecondFactorFirst(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "second_factor_first"
    default_detail = gettext_lazy("Sign in with your authenticator app first, then add a passkey.")


class PasskeyRegistrationMixin:
    def check_can_register(self):
        if not self.request.user.is_verified():
            raise SecondFactorFirst()


class BeginRegistration(PasskeyRegistrationMixin, ceremonies.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(PasskeyRegistrationMixin, ceremonies.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        device = services.passkeys_of(self.request.user).filter(pk=_id_in(response)).first()
        if device is not None:
            services.passkey_added(request=self.request, device=device)
        return response


class BeginAuthentication(ceremonies.BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(ceremonies.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        services.sign_in_with(self.request, device)

    def handle_exception(self, exc):
        user = self.request.user
        if isinstance(exc, exceptions.OTPWebAuthnApiError) and user.is_authenticated:
            log_action(
                user,
                AccessLog.Action.LOGIN_FAILED,
                user,
                verb="account.second_factor_failed",
                method="passkey",
            )
        return super().handle_exception(exc)


# The library's browser script asks for its messages here: its own catalogue, with the Urdu
# ones from this project's djangojs catalogue (LOCALE_PATHS) merged over it.
script_messages = JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])


@require_POST
def remove(request, pk: int):
    try:
        services.remove_passkey(by=request.user, passkey_id=pk, verified=request.user.is_verified())
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The passkey is removed."))
    return redirect("two_factor_setup")


def _id_in(response) -> int | None:
    if response.status_code != 200:
        return None
    return json.loads(response.content).get("id")
