"""Assignment, status, closure (request, approve, send back), reopening and consent."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..access import access_to
from ..consent import record_consent
from ..forms import (
    AssignForm,
    ClosureRequestForm,
    ConsentForm,
    ReopenForm,
    SendBackForm,
    StatusForm,
)
from ..models import Case
from ..panels import open_work_of


def case_action(action: str):
    """A view of `action` on a case, given the case: only if the user may take it in some state
    (else 404). The service decides on the case's state when the form is sent, and says why
    not; a form that cannot be sent in the case's state now is not shown: the case page says
    why instead."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, pk: int):
            case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
            access = access_to(request.user, case)
            if action not in access.permitted:
                raise Http404
            why_not = access.why_not_now(action) if request.method == "GET" else ""
            if why_not:
                messages.warning(request, why_not)
                return redirect("cases:detail", pk=case.pk)
            return view(request, case)

        return wrapped

    return decorate


def _action(request, case, form, title: str, do, success: str, template="cases/form_page.html"):
    """Shared shape of a case action: show the form, validate, call the service, redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            do(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, success)
            return redirect("cases:detail", pk=case.pk)
    return render(request, template, {"case": case, "form": form, "title": title})


@case_action("assign")
def assign(request, case: Case):
    form = AssignForm(request.POST or None, case=case, initial={"assignee": case.assigned_to_id})
    return _action(
        request,
        case,
        form,
        _("Assign a caseworker"),
        lambda data: services.assign_case(case=case, by=request.user, assignee=data["assignee"]),
        _("Caseworker assigned."),
    )


@case_action("set_status")
def status(request, case: Case):
    form = StatusForm(request.POST or None, initial={"status": case.status})
    return _action(
        request,
        case,
        form,
        _("Change status"),
        lambda data: services.set_status(case=case, by=request.user, status=data["status"]),
        _("Status changed."),
    )


@case_action("request_closure")
def request_closure(request, case: Case):
    form = ClosureRequestForm(request.POST or None)
    return _action(
        request,
        case,
        form,
        _("Ask to close the case"),
        lambda data: services.request_closure(case=case, by=request.user, **data),
        _("Closure requested. A supervisor will approve it or send it back."),
    )


@case_action("approve_closure")
def approve_closure(request, case: Case):
    open_work = open_work_of(case)
    if request.method == "POST" and "approve" in request.POST:
        try:
            services.approve_closure(
                case=case,
                by=request.user,
                open_work_confirmed=request.POST.get("open_work_confirmed") == "1",
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            return render(
                request,
                "cases/closure_review.html",
                {
                    "case": case,
                    "form": SendBackForm(),
                    "title": _("Closure request"),
                    "open_work": open_work,
                    "approve_errors": error.messages,
                },
            )
        messages.success(request, _("Case closed."))
        return redirect("cases:detail", pk=case.pk)
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_back_closure(case=case, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Closure sent back to the caseworker."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/closure_review.html",
        {"case": case, "form": form, "title": _("Closure request"), "open_work": open_work},
    )


@case_action("reopen")
def reopen(request, case: Case):
    form = ReopenForm(request.POST or None)
    return _action(
        request,
        case,
        form,
        _("Reopen the case"),
        lambda data: services.reopen_case(case=case, by=request.user, reason=data["reason"]),
        _("Case reopened."),
    )


@case_action("record_consent")
def consent(request, case: Case):
    """Record consent given, renewed, narrowed or withdrawn (cases/consent.py)."""
    form = ConsentForm(request.POST or None, case=case)
    return _action(
        request,
        case,
        form,
        _("Record consent"),
        lambda data: record_consent(
            case=case,
            by=request.user,
            kind=data["kind"],
            record=data["record"],
            share_coalition=data["share_coalition"],
            share_law_enforcement=data["share_law_enforcement"],
            on=data["on"],
            note=data["note"],
        ),
        _("Consent recorded."),
        template="cases/consent.html",
    )
