"""The stakeholder register, funding calls and their joint bids, and the calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from members.access import staff_of
from members.geography import Province

from .. import ical, policy, services
from ..forms import BidForm, FundingCallForm, StakeholderForm, UploadForm
from ..models import BidFile, CalendarFeed, FundingCall, Stakeholder
from ..vocabularies import InstitutionType
from .common import done, done_or_told, file_response, require_staff


def stakeholder_list(request):
    require_staff(request)
    stakeholders = Stakeholder.objects.annotate(
        activity_count=Count("activities", distinct=True)
    ).order_by("name", "pk")
    kind, province = request.GET.get("kind", ""), request.GET.get("province", "")
    if kind in InstitutionType.values:
        stakeholders = stakeholders.filter(kind=kind)
    if province in Province.values:
        stakeholders = stakeholders.filter(province=province)
    return render(
        request,
        "activities/stakeholders.html",
        {
            "stakeholders": stakeholders,
            "kinds": InstitutionType.choices,
            "provinces": Province.choices,
            "kind": kind,
            "province": province,
            "may_record": policy.may_record(request.user),
        },
    )


def stakeholder_detail(request, pk: int):
    require_staff(request)
    stakeholder = get_object_or_404(Stakeholder.objects.select_related("added_by"), pk=pk)
    return render(
        request,
        "activities/stakeholder_detail.html",
        {
            "stakeholder": stakeholder,
            # Which activities it took part in is calendar information: every member sees it.
            "activities": stakeholder.activities.select_related("organization").order_by(
                "-starts_on"
            ),
            # Commitments are an activity's outcomes: only from activities the user may open.
            "commitments": stakeholder.commitments.filter(
                activity__in=policy.visible_activities(request.user)
            ).select_related("activity"),
            "may_edit": policy.may_edit_stakeholder(request.user, stakeholder),
        },
    )


def stakeholder_form(request, pk: int | None = None):
    require_staff(request)
    stakeholder = get_object_or_404(Stakeholder, pk=pk) if pk else None
    allowed = (
        policy.may_edit_stakeholder(request.user, stakeholder)
        if stakeholder
        else policy.may_record(request.user)
    )
    if not allowed:
        raise PermissionDenied
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        saved = {}

        def write():
            if stakeholder:
                saved["row"] = services.update_stakeholder(
                    stakeholder=stakeholder, by=request.user, **form.cleaned_data
                )
            else:
                saved["row"] = services.add_stakeholder(by=request.user, **form.cleaned_data)

        if done(request, form, write):
            messages.success(request, _("Institution saved."))
            return redirect("activities:stakeholder", pk=saved["row"].pk)
    title = _("Change the institution") if stakeholder else _("Add an institution")
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": title, "back": "activities:stakeholders"},
    )


def call_list(request):
    require_staff(request)
    calls = (
        FundingCall.objects.select_related("posted_by", "lead")
        .annotate(bidders=Count("interests"))
        .order_by("-deadline", "pk")
    )
    return render(
        request,
        "activities/calls.html",
        {"calls": calls, "may_record": policy.may_record(request.user)},
    )


def call_form(request, pk: int | None = None):
    require_staff(request)
    call = get_object_or_404(FundingCall, pk=pk) if pk else None
    allowed = (
        policy.may_manage_call(request.user, call) if call else policy.may_record(request.user)
    )
    if not allowed:
        raise PermissionDenied
    form = FundingCallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        saved = {}

        def write():
            if call:
                saved["row"] = services.update_call(call=call, by=request.user, **form.cleaned_data)
            else:
                saved["row"] = services.post_call(by=request.user, **form.cleaned_data)

        if done(request, form, write):
            messages.success(request, _("Funding call saved."))
            return redirect("activities:call_detail", pk=saved["row"].pk)
    title = _("Change the funding call") if call else _("Post a funding call")
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": title, "back": "activities:calls"},
    )


def call_detail(request, pk: int):
    require_staff(request)
    call = get_object_or_404(FundingCall.objects.select_related("posted_by", "lead"), pk=pk)
    staff = staff_of(request.user)
    interests = list(call.interests.select_related("organization"))
    bidding = any(i.organization_id == staff.organization_id for i in interests)
    may_manage = policy.may_manage_call(request.user, call)
    return render(
        request,
        "activities/call_detail.html",
        {
            "call": call,
            "interests": interests,
            "bidding": bidding,
            "may_record": policy.may_record(request.user),
            "may_manage": may_manage,
            "bid_form": BidForm(call=call) if may_manage else None,
            "files": call.files.select_related("organization")
            if policy.may_see_bid_files(request.user, call)
            else None,
            "upload_form": UploadForm() if policy.may_add_bid_files(request.user, call) else None,
        },
    )


@require_POST
def call_join(request, pk: int):
    require_staff(request)
    call = get_object_or_404(FundingCall, pk=pk)
    service = services.leave_bid if request.POST.get("leave") else services.join_bid
    if done_or_told(request, lambda: service(call=call, by=request.user)):
        messages.success(request, _("Saved."))
    return redirect("activities:call_detail", pk=call.pk)


@require_POST
def call_manage(request, pk: int):
    require_staff(request)
    call = get_object_or_404(FundingCall, pk=pk)
    form = BidForm(request.POST, call=call)
    if form.is_valid() and done(
        request,
        form,
        lambda: services.update_call(
            call=call,
            by=request.user,
            lead=form.cleaned_data["lead"],
            status=form.cleaned_data["status"],
        ),
    ):
        messages.success(request, _("Saved."))
    else:
        for error in [*form.non_field_errors(), *form.errors.get("lead", [])]:
            messages.error(request, error)
    return redirect("activities:call_detail", pk=call.pk)


@require_POST
def call_file_add(request, pk: int):
    require_staff(request)
    call = get_object_or_404(FundingCall, pk=pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid() and done(
        request,
        form,
        lambda: services.add_bid_file(
            call=call,
            by=request.user,
            uploaded=form.cleaned_data["upload"],
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
            content_type=form.content_type,
        ),
    ):
        messages.success(request, _("File added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("activities:call_detail", pk=call.pk)


def call_file_download(request, pk: int, file_id: int):
    require_staff(request)
    call = get_object_or_404(FundingCall, pk=pk)
    if not policy.may_see_bid_files(request.user, call):
        raise Http404
    row = get_object_or_404(BidFile, call=call, pk=file_id)
    services.record_file_download(file=row, by=request.user)
    return file_response(row, f"bid-{call.pk}-{row.kind}-{row.pk}")


@login_not_required
@require_GET
@never_cache
def calendar_feed(request, token: str):
    """Read by calendar programs, which cannot sign in: the secret address is the key."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("organization"),
        token=token,
        organization__active=True,
    )
    response = HttpResponse(ical.calendar_of(feed.organization), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="activities.ics"'
    return response
