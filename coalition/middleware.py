import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user, logout
from django.contrib.auth.middleware import AuthenticationMiddleware, LoginRequiredMiddleware
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .audit import current_ip, log_action
from .health import report
from .models import AccessLog
from .user_agents import summarise

logger = logging.getLogger(__name__)


def client_ip(request) -> str | None:
    """The client's address; behind PROXY_COUNT trusted proxies, from X-Forwarded-For."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    if proxies:
        forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [ip for ip in forwarded if ip]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Notes the client's address for the access log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class CrossOriginHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not send, on every response (health checks and
    static files included; it runs first):

    - Cross-Origin-Resource-Policy: another site cannot load our pages, images or downloads
      into its own (a case document read through an <img> or <script> tag).
    - Permissions-Policy: the browser features the app never uses are switched off for it and
      for anything it might ever embed. Passkeys (publickey-credentials-*) keep their default,
      this site only.

    Cross-Origin-Opener-Policy is Django's (SECURE_CROSS_ORIGIN_OPENER_POLICY, sent by its
    SecurityMiddleware); it is added here only to the health checks, answered before that runs.
    """

    PERMISSIONS_POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response


class HealthCheckMiddleware:
    """Answers the health checks first, before sessions, login, the Host check or the HTTPS
    redirect run: a probe gets 200 or 503 from the checks themselves, whatever cookie or Host
    it sends, and no session row is read for it.

    `/healthz` covers the database, the broker and the worker heartbeat (for monitoring);
    `/healthz/web` only what the web server needs (for its own container's health check and
    the proxy), so a stopped worker does not take the web server out of service.
    """

    PATHS = {"/healthz": True, "/healthz/web": False}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jobs = self.PATHS.get(request.path_info)
        if jobs is None:
            return self.get_response(request)
        status = report(jobs=jobs)
        response = JsonResponse(status, status=200 if status["status"] == "ok" else 503)
        add_never_cache_headers(response)
        return response


REFRESHED_AT = "refreshed_at"


def stamp_refresh(session) -> None:
    """Note that the session is being saved now: its idle timeout counts from here."""
    session[REFRESHED_AT] = int(time.time())


class ResilientSessionMiddleware(SessionMiddleware):
    """Sessions whose idle timeout is pushed back cheaply, and never at the cost of a request.

    A signed-in request pushes the idle timeout back by saving the session, but only when the
    last save is SESSION_REFRESH_SECONDS old or more: a save on every request (a write and a
    commit, for every page anyone opened) was a fifth of a list page's cost. The timeout so
    counts from the last save: an idle session ends up to SESSION_REFRESH_SECONDS before
    SESSION_IDLE_MINUTES have passed since its last request, never after.

    The save comes after the view has committed its work: a database hiccup, or the session
    being deleted by a sign-out in another tab, turned a saved intake into an error page, and
    the person typed it again. When nothing in the session changed, the save only extends the
    timeout: it is dropped, logged, and the response goes out. A session with real changes (a
    sign-in, a language) still fails loudly: losing those silently would be worse.
    """

    def process_response(self, request, response):
        refresh_only = self._refresh_when_due(request)
        try:
            return super().process_response(request, response)
        except (DatabaseError, SessionInterrupted):
            if not refresh_only:
                raise
            logger.warning(
                "Session idle timeout not extended; the response goes out", exc_info=True
            )
            return response

    @staticmethod
    def _refresh_when_due(request) -> bool:
        """Mark an unchanged session of a signed-in person for saving when its last save is
        old enough; True when it was, and that is the session's only change."""
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or session.modified or user is None or not user.is_authenticated:
            return False
        refreshed_at = session.get(REFRESHED_AT) or 0
        if time.time() - refreshed_at < settings.SESSION_REFRESH_SECONDS:
            return False
        stamp_refresh(session)
        return True


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body is larger than any form here takes, before any of
    it is read (the proxy refuses it earlier still). Django would read a whole upload to disk
    before the document form could say it is too large."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.REQUEST_BODY_MAX_BYTES:
            response = render(
                request,
                "413.html",
                {"max_mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)},
                status=413,
            )
            response["Connection"] = "close"  # the unread body is not waited for
            return response
        return self.get_response(request)


class SignedInNoStoreMiddleware:
    """Nothing a signed-in person is shown is kept by the browser or a proxy: case pages, lists
    and exports carry survivors' details, and office computers are shared. Static files (served
    by WhiteNoise before this runs) are not touched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        already = "no-store" in response.get("Cache-Control", "")
        if user is not None and user.is_authenticated and not already:
            add_never_cache_headers(response)
        return response


class MethodNotAllowedPageMiddleware:
    """Django's `require_POST` answers any other method with an empty 405: a person who opened
    such an address (a link copied from the address bar after sending a form) saw a blank
    page. The answer keeps its status and Allow header, with a page saying what to do, in the
    page's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response["Allow"]
        return page


class FormMethodsOnlyMiddleware:
    """A browser asks for pages with GET (or HEAD) and sends forms with POST; nothing here
    answers anything else. Several views drew their page for any method but POST while logging
    the view only for a GET: an OPTIONS, PUT or PATCH read a case file and left no entry in
    the access log. Every other method is now refused before any view runs."""

    METHODS = ("GET", "HEAD", "POST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.METHODS:
            return HttpResponseNotAllowed(self.METHODS)
        return self.get_response(request)


SIGNED_IN_AT = "signed_in_at"
SIGNED_IN_FROM = "signed_in_from"


def stamp_sign_in(request) -> None:
    """Note when this session was signed in (the absolute lifetime counts from here), and from
    what address and kind of browser, for the person's list of their own sessions. Kept in the
    session itself: no table, nothing to write on later requests, gone with the session."""
    request.session[SIGNED_IN_AT] = int(time.time())
    request.session[SIGNED_IN_FROM] = {
        "address": client_ip(request) or "",
        **summarise(request.META.get("HTTP_USER_AGENT", "")),
    }


class AbsoluteSessionLifetimeMiddleware:
    """Ends a session SESSION_ABSOLUTE_HOURS after its sign-in however active it has been: the
    idle timeout alone slides for ever. A session with no stamp is ended too (it predates the
    rule, or was not made by a sign-in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            limit = settings.SESSION_ABSOLUTE_HOURS * 3600
            if signed_in_at is None or time.time() - signed_in_at > limit:
                logout(request)
        return self.get_response(request)


class DeniedRequestLogMiddleware:
    """Every request on a case or referral that the access layer refused goes in the access log.

    The views turn a refusal (a scoped lookup that found nothing, PermissionDenied from a
    service) into a 404; that exception passes here on its way out, so one place logs them all
    and no view has to remember to. A 404 for an id that does not exist is logged too: from
    outside it looks the same, and probing ids is what the log is for.
    """

    NAMESPACES = frozenset({"cases", "referrals"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404 | PermissionDenied):
            return None
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if match is None or match.namespace not in self.NAMESPACES or user is None:
            return None
        if not user.is_authenticated:
            return None
        ids = {name: value for name, value in match.kwargs.items() if isinstance(value, int)}
        case_id = ids.get("pk") if match.namespace == "cases" else ids.get("case_id")
        log_action(
            user,
            AccessLog.Action.DENIED,
            None,
            verb=f"{match.namespace}.denied",
            case_id=case_id,
            page=match.view_name,
            method=request.method,
            answer=404 if isinstance(exception, Http404) else 403,
            ids=ids,
        )
        return None


class SignedInUserMiddleware(AuthenticationMiddleware):
    """Django's, with `request.user` the person themselves rather than a lazy stand-in.

    Django defers loading the user until something asks; every page here asks (sign-in is
    required, and the layout names the person), so the deferral saves nothing, while each of
    the several hundred reads of `request.user` a page makes went through the stand-in's
    attribute lookup: about 6% of the case list's instructions. The user is loaded here, in
    the one query the deferred load made. `request.auser` stays Django's.
    """

    def process_request(self, request):
        super().process_request(request)
        request.user = get_user(request)


class SignInAgainMiddleware(LoginRequiredMiddleware):
    """Django's: every page needs a signed-in person. A request whose session cookie names a
    session the store no longer has (it ended while the person was away) is sent to the
    sign-in page with a word on it, and that a form just sent was not saved, instead of
    appearing as if nothing had happened. (Signing out leaves no cookie, or one of a session
    that exists.)"""

    def handle_no_permission(self, request, view_func):
        cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if cookie and request.session.session_key is None:  # loaded, and not found
            if request.method == "POST":
                messages.warning(
                    request,
                    _(
                        "You were signed out after a time without activity, so what you "
                        "just sent was not saved. Sign in, then send it again."
                    ),
                )
            else:
                messages.info(request, _("You were signed out after a time without activity."))
        return super().handle_no_permission(request, view_func)
