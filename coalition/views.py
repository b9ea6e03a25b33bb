import sys

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views import defaults
from django.views.decorators.http import require_POST

from cases.helpline.queries import callbacks_due, desk_figures
from members.access import has_org_perm, staff_of
from members.roles import LOG_CALLS, OPEN_CASE, VIEW_ACCESS_LOG, VIEW_ALL_ACCESS_LOG
from members.services import set_language as save_staff_language
from referrals.queries import tab_counts
from referrals.visibility import answers_referrals

from . import my_work
from .forms import AccessLogFilterForm, SignInForm
from .models import Notification
from .notifications import body_of, mark_read, subject_of
from .throttle import remember_device


def access_log(request):
    from .queries import access_log_visible_to

    if not (
        has_org_perm(request.user, VIEW_ACCESS_LOG)
        or has_org_perm(request.user, VIEW_ALL_ACCESS_LOG)
    ):
        raise PermissionDenied
    entries = access_log_visible_to(request.user)
    form = AccessLogFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["user"]:
            entries = entries.filter(actor__username__iexact=data["user"])
        if data["case"]:
            entries = entries.filter(target_label__istartswith=data["case"].strip())
        if data["since"]:
            entries = entries.filter(at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(at__date__lte=data["until"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coalition/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def home(request):
    """Where each person starts: what is waiting for them today, and the way to a new intake."""
    context = {"staff": staff_of(request.user)}
    if context["staff"] is not None:
        context["can_open_case"] = has_org_perm(request.user, OPEN_CASE)
        context["work"] = my_work.my_work(request.user)
        context["now"] = timezone.now()
        my_work.remember_count(request.user, my_work.count(request.user))
        if has_org_perm(request.user, LOG_CALLS):
            context["logs_calls"] = True
            context["callbacks"] = callbacks_due(request.user)
            context["call_figures"] = desk_figures(request.user)
        if answers_referrals(request.user):
            context["referral_counts"] = tab_counts(request.user)
    return render(request, "home.html", context)


@login_not_required
@require_POST
def switch_language(request):
    """Django's set_language, which also remembers the choice on the staff member's record."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language and check_for_language(language):
        _set_language_cookie(response, language)
        staff = staff_of(request.user)
        if staff is not None and staff.language != language:
            save_staff_language(staff=staff, language=language)
    return response


def _set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LoginView(auth_views.LoginView):
    """Signing in switches the interface to the language on the staff member's record."""

    redirect_authenticated_user = True
    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "two_factor_required": settings.REQUIRE_TWO_FACTOR,
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        remember_device(self.request, response, form.get_user().get_username())
        staff = staff_of(form.get_user())
        if staff is not None:
            _set_language_cookie(response, staff.language)
        return response


def notifications(request):
    """The person's notifications, newest first; opening the page marks them read."""
    items = Paginator(Notification.objects.filter(recipient=request.user), 30).get_page(
        request.GET.get("page")
    )
    unread = [n.pk for n in items if n.read_at is None]
    page = [
        {"notification": n, "subject": subject_of(n), "body": body_of(n), "unread": n.pk in unread}
        for n in items
    ]
    mark_read(request.user, unread)
    return render(request, "coalition/notifications.html", {"items": page, "page": items})


def server_error(request):
    """Django's 500 page; a 503 with Retry-After when the database could not be reached or did
    not answer in time (an outage, a timeout): the fault is the moment's, and the page says so
    and what to do. Neither page touches the database: both are plain files, in both
    languages."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        page = loader.get_template("503.html").render()
        return HttpResponse(page, status=503, headers={"Retry-After": "60"})
    return defaults.server_error(request)
