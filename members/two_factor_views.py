"""The second-factor pages: the code after the password, setting up an authenticator, and
new backup codes."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import SecondFactorForm, SetUpAuthenticatorForm
from .services import two_factor as services
from .two_factor import authenticator_of, remember_browser, remember_hours, required_for


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def verify(request):
    """The code from the authenticator app, or a backup code, after the password."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if authenticator_of(user) is None:
        return redirect("two_factor_setup")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(request=request, token=form.cleaned_data["code"])
        if device is not None:
            response = redirect(_next(request))
            if form.cleaned_data["remember"]:
                remember_browser(response, user, device)
            return response
        form.add_error("code", _("That code is not right. Enter the newest code from the app."))
    return render(
        request,
        "registration/two_factor_verify.html",
        {
            "form": form,
            "next": _next(request),
            "remember_hours": remember_hours(),
            "has_passkeys": services.passkeys_of(user).exists(),
        },
    )


def setup(request):
    """Set up an authenticator app: scan the code, then confirm with a code it shows."""
    user = request.user
    if authenticator_of(user) is not None and not user.is_verified():
        return redirect("two_factor_verify")
    device = services.pending_authenticator(user)
    form = SetUpAuthenticatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_authenticator(
                by=user,
                token=form.cleaned_data["code"],
                verified=user.is_verified(),
                session_key=request.session.session_key,
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            services.sign_in_with(request, authenticator_of(user))
            messages.success(request, _("Two-factor sign-in is on for your account."))
            return render(request, "registration/two_factor_codes.html", {"codes": codes})
    key = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
            "required": required_for(user),
            "passkeys": services.passkeys_of(user) if user.is_verified() else (),
        },
    )


@require_POST
def backup_codes(request):
    """New backup codes (the old ones stop working), shown once."""
    try:
        codes = services.replace_backup_codes(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("two_factor_setup")
    return render(request, "registration/two_factor_codes.html", {"codes": codes})
