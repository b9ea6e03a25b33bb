from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import staff_of

from .. import policy, services
from ..forms import ActivityForm, CommitmentForm, FollowUpForm, ParticipantsForm, UploadForm
from ..models import Activity, ActivityFile, FollowUp
from ..vocabularies import SEXES
from .common import done, file_response, require_staff

PAGE_SIZE = 50
CALENDAR_SIZE = 100


def _with_people(activities):
    return activities.annotate(
        **{f"people_{sex}": Sum(f"participation__{sex}") for sex, _label in SEXES}
    )


def activity_list(request):
    require_staff(request)
    activities = (
        _with_people(policy.visible_activities(request.user))
        .select_related("organization")
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    for activity in page:
        activity.people = sum(getattr(activity, f"people_{sex}") or 0 for sex, _l in SEXES)
    return render(
        request,
        "activities/list.html",
        {
            "page": page,
            "may_record": policy.may_record(request.user),
            "sees_all": policy.sees_all(request.user),
            "may_see_donor_report": policy.may_see_donor_report(request.user),
        },
    )


def calendar(request):
    """What is coming across the coalition: no participants, outcomes or files."""
    require_staff(request)
    upcoming = (
        policy.calendar_activities(request.user)
        .filter(starts_on__gte=timezone.localdate())
        .select_related("organization")
        .prefetch_related("co_organizers")
        .order_by("starts_on", "pk")[:CALENDAR_SIZE]
    )
    visible = set(
        policy.visible_activities(request.user)
        .filter(pk__in=[a.pk for a in upcoming])
        .values_list("pk", flat=True)
    )
    feed = None
    if policy.may_manage_feed(request.user):
        feed = services.feed_of(staff_of(request.user).organization)
    return render(
        request,
        "activities/calendar.html",
        {"upcoming": upcoming, "visible": visible, "feed": feed},
    )


@require_POST
def renew_feed(request):
    require_staff(request)
    services.renew_feed(by=request.user)
    messages.success(request, _("The calendar has a new address; the old one no longer works."))
    return redirect("activities:calendar")


def _form_data(form: ActivityForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("idempotency_key", None)
    return data


def activity_create(request):
    require_staff(request)
    if not policy.may_record(request.user):
        raise PermissionDenied
    organization = staff_of(request.user).organization
    form = ActivityForm(request.POST or None, organization=organization)
    participants = ParticipantsForm(request.POST or None, prefix="p")
    if request.method == "POST" and form.is_valid() and participants.is_valid():
        created = {}

        def write():
            created["activity"] = services.record_activity(
                by=request.user,
                participants=participants.counts(),
                idempotency_key=form.cleaned_data.get("idempotency_key", ""),
                **_form_data(form),
            )

        if done(request, form, write):
            messages.success(request, _("Activity recorded."))
            return redirect("activities:detail", pk=created["activity"].pk)
    return render(
        request,
        "activities/form.html",
        {"form": form, "participants": participants, "title": _("Record an activity")},
    )


def _visible(request, pk: int) -> Activity:
    require_staff(request)
    return get_object_or_404(policy.visible_activities(request.user), pk=pk)


def activity_edit(request, pk: int):
    activity = _visible(request, pk)
    if not policy.may_edit_activity(request.user, activity):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, instance=activity, organization=activity.organization)
    participants = ParticipantsForm(request.POST or None, prefix="p", activity=activity)
    if request.method == "POST" and form.is_valid() and participants.is_valid():
        data = _form_data(form)
        links = {key: data.pop(key) for key in ("topics", "co_organizers", "partners")}
        activity.refresh_from_db()  # the form wrote its values on the instance

        def write():
            services.update_activity(activity=activity, by=request.user, **links, **data)
            services.set_participation(
                activity=activity, by=request.user, counts=participants.counts()
            )

        if done(request, form, write):
            messages.success(request, _("Activity saved."))
            return redirect("activities:detail", pk=activity.pk)
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "participants": participants,
            "activity": activity,
            "title": _("Change the activity"),
        },
    )


def activity_detail(request, pk: int):
    activity = _visible(request, pk)
    activity = (
        Activity.objects.select_related("organization")
        .prefetch_related("co_organizers", "partners", "topics", "participation")
        .get(pk=activity.pk)
    )
    may_edit = policy.may_edit_activity(request.user, activity)
    rows = list(activity.participation.all())
    totals = {sex: sum(getattr(row, sex) for row in rows) for sex, _l in SEXES}
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "may_edit": may_edit,
            "participation": rows,
            "totals": totals,
            "total": sum(totals.values()),
            "follow_ups": activity.follow_ups.select_related("owner__user", "owner__organization"),
            "commitments": activity.commitments.select_related("stakeholder"),
            "files": activity.files.all(),
            "follow_up_form": FollowUpForm(activity=activity) if may_edit else None,
            "commitment_form": CommitmentForm() if may_edit else None,
            "upload_form": UploadForm() if may_edit else None,
            "me": request.user.pk,
            "today": timezone.localdate(),
        },
    )


def _child_form_page(request, activity, form, write, success: str):
    if form.is_valid() and done(request, form, write):
        messages.success(request, success)
        return redirect("activities:detail", pk=activity.pk)
    return render(
        request,
        "activities/child_form.html",
        {"activity": activity, "form": form, "title": success},
    )


@require_POST
def follow_up_add(request, pk: int):
    activity = _visible(request, pk)
    form = FollowUpForm(request.POST, activity=activity)
    return _child_form_page(
        request,
        activity,
        form,
        lambda: services.add_follow_up(activity=activity, by=request.user, **form.cleaned_data),
        _("Follow-up action added."),
    )


@require_POST
def follow_up_done(request, pk: int, follow_up_id: int):
    activity = _visible(request, pk)
    follow_up = get_object_or_404(FollowUp, activity=activity, pk=follow_up_id)
    services.complete_follow_up(follow_up=follow_up, by=request.user)
    messages.success(request, _("Marked done."))
    return redirect("activities:detail", pk=activity.pk)


@require_POST
def commitment_add(request, pk: int):
    activity = _visible(request, pk)
    form = CommitmentForm(request.POST)
    return _child_form_page(
        request,
        activity,
        form,
        lambda: services.add_commitment(activity=activity, by=request.user, **form.cleaned_data),
        _("Commitment recorded."),
    )


@require_POST
def file_add(request, pk: int):
    activity = _visible(request, pk)
    form = UploadForm(request.POST, request.FILES)
    return _child_form_page(
        request,
        activity,
        form,
        lambda: services.add_activity_file(
            activity=activity,
            by=request.user,
            uploaded=form.cleaned_data["upload"],
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
            content_type=form.content_type,
        ),
        _("File added."),
    )


def file_download(request, pk: int, file_id: int):
    activity = _visible(request, pk)
    row = get_object_or_404(ActivityFile, activity=activity, pk=file_id)
    services.record_file_download(file=row, by=request.user)
    return file_response(row, f"activity-{activity.pk}-{row.kind}-{row.pk}")
