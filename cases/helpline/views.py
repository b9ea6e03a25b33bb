"""The call log's pages: the list, a new call, one call, and a case opened from a call."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import has_org_perm, org_permission_required
from members.roles import LOG_CALLS

from ..duplicates import check_identifiers
from ..models import Case
from . import queries, services
from .forms import AttachForm, CallForm, CallIntakeForm
from .models import READS_CALLS, HelplineCall

PAGE_SIZE = 25


def _visible_call(request, pk: int) -> HelplineCall:
    return get_object_or_404(HelplineCall.objects.visible_to(request.user), pk=pk)


def call_list(request):
    if not any(has_org_perm(request.user, perm) for perm in READS_CALLS):
        raise PermissionDenied
    tab = request.GET.get("tab", "all")
    if tab not in queries.LIST_TABS:
        tab = "all"
    page = Paginator(queries.call_list(request.user, tab), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "helpline/list.html",
        {
            "page": page,
            "tab": tab,
            "query": f"tab={tab}",
            "logs_calls": has_org_perm(request.user, LOG_CALLS),
        },
    )


@org_permission_required(LOG_CALLS)
def call_new(request):
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        try:
            call = services.log_call(by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if "open_case" in request.POST:
                return redirect("helpline:open_case", pk=call.pk)
            messages.success(request, _("Call logged."))
            return redirect("helpline:list")
    return render(request, "helpline/new.html", {"form": form})


def call_detail(request, pk: int):
    call = _visible_call(request, pk)
    case = Case.objects.visible_to(request.user).filter(pk=call.case_id).first()
    services.record_call_view(call=call, by=request.user)
    return render(
        request,
        "helpline/detail.html",
        {
            "call": call,
            "case": case,
            "logs_calls": has_org_perm(request.user, LOG_CALLS),
            "attach_form": AttachForm(),
        },
    )


@org_permission_required(LOG_CALLS)
def open_case(request, pk: int):
    """The quick intake, started from what the call already said."""
    call = _visible_call(request, pk)
    if call.case_id:
        return redirect("helpline:detail", pk=call.pk)
    form = CallIntakeForm(request.POST or None, initial=services.intake_from_call(call))
    duplicates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = check_identifiers(by=request.user, phone=data.get("phone", ""))
        if duplicates and not request.POST.get("confirm_duplicate"):
            messages.warning(request, _("Check the possible duplicates below before saving."))
        else:
            try:
                case = services.open_case_from_call(call=call, by=request.user, **data)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Case %(number)s opened from the call.") % {"number": case.number},
                )
                return redirect("cases:detail", pk=case.pk)
    return render(
        request, "helpline/open_case.html", {"form": form, "call": call, "duplicates": duplicates}
    )


@require_POST
@org_permission_required(LOG_CALLS)
def attach(request, pk: int):
    call = _visible_call(request, pk)
    form = AttachForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["number"].strip()
        case = Case.objects.visible_to(request.user).filter(number__iexact=number).first()
        if case is None:
            messages.error(request, _("No case with that number among the cases you can see."))
        else:
            try:
                services.attach_call(call=call, by=request.user, case=case)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("Call attached to case %(number)s.") % {"number": number}
                )
    return redirect("helpline:detail", pk=call.pk)


@require_POST
@org_permission_required(LOG_CALLS)
def callback_done(request, pk: int):
    call = _visible_call(request, pk)
    try:
        services.mark_callback_done(call=call, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Call-back marked as made."))
    if request.POST.get("next") == "home":
        return redirect("home")
    return redirect("helpline:detail", pk=call.pk)
