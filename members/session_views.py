"""The signed-in person's own sessions, signing out everywhere else, and staying signed in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coalition.middleware import stamp_refresh

from .services.own_sessions import sign_out_everywhere_else
from .sessions import sessions_of


def own_sessions(request):
    sessions = sessions_of(request.user, current_key=request.session.session_key)
    return render(
        request,
        "registration/sessions.html",
        {"sessions": sessions, "others": sum(not s.current for s in sessions)},
    )


@require_POST
def end_other_sessions(request):
    ended = sign_out_everywhere_else(user=request.user, current_key=request.session.session_key)
    messages.success(
        request,
        ngettext(
            "%(count)d other session was signed out.",
            "%(count)d other sessions were signed out.",
            ended,
        )
        % {"count": ended},
    )
    return redirect("account_sessions")


@login_not_required  # answers for itself: a script asks, not a person to send to sign in
@require_POST
def keep_signed_in(request):
    """The person is still there (typing a long form, or answering the idle warning): the idle
    timeout counts from now. static/js/app.js asks for it; the absolute lifetime still holds.
    401 when the session has already ended."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    stamp_refresh(request.session)
    return HttpResponse(status=204)
