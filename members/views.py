from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.queueing import publish

from . import accounts_policy as policy
from . import queries, services
from .access import has_org_perm, org_permission_required, staff_of
from .forms import (
    CapacityForm,
    DirectoryEntryForm,
    DirectoryFilterForm,
    FirstAdminForm,
    OfferingForm,
    OrganizationForm,
    ServiceForm,
    StaffForm,
    TeamForm,
)
from .models import Service
from .roles import MANAGE_ORGANIZATIONS, MANAGE_SERVICES, MANAGE_STAFF, VIEW_ALL_CASES
from .services.password_resets import note_reset_request
from .services.two_factor import reset_second_factor
from .tasks import send_password_reset


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    service = province = ""
    if form.is_valid():
        service, province = form.cleaned_data["service"], form.cleaned_data["province"]
    organizations = queries.directory(service_code=service, province=province)
    return render(request, "members/directory.html", {"form": form, "organizations": organizations})


def _managed_organization(request, short_name: str | None):
    """The organisation a staff/services page is about: the user's own unless a secretariat
    admin names another. Anything the user may not manage is a 404."""
    organizations = queries.manageable_organizations(request.user)
    if short_name:
        return get_object_or_404(organizations, short_name__iexact=short_name)
    return get_object_or_404(organizations, pk=staff_of(request.user).organization_id)


def _refusal(error: PermissionDenied | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


def _overseen(request, pk: int):
    """A staff member whose account the user manages, what they may do to it, and the place.
    An account the user does not manage is a 404, like one that does not exist."""
    staff = get_object_or_404(queries.staff_manageable_by(request.user), pk=pk)
    place = queries.place_of(staff.organization)
    pending = queries.pending_requests_of(staff.organization).get(staff.pk)
    target = queries.account_of(staff, pending=pending is not None)
    actions = policy.account_actions(queries.actor_account(request.user), target, place)
    if not actions:
        raise Http404
    return staff, target, place, actions


@org_permission_required(MANAGE_STAFF)
def staff_list(request, org: str | None = None):
    organization = _managed_organization(request, org)
    actor = queries.actor_account(request.user)
    place = queries.place_of(organization)
    pending = queries.pending_requests_of(organization)
    rows = []
    for member in queries.staff_manageable_by(request.user).filter(organization=organization):
        target = queries.account_of(member, pending=member.pk in pending)
        actions = policy.account_actions(actor, target, place)
        if actions:
            rows.append(
                {
                    "staff": member,
                    "actions": actions,
                    "pending": pending.get(member.pk),
                    "resets_second_factor": policy.may_reset_second_factor(actor, target),
                }
            )
    return render(
        request,
        "members/staff_list.html",
        {
            "organization": organization,
            "rows": rows,
            "can_create": policy.CREATE in policy.account_actions(actor, None, place),
            "can_manage_teams": policy.may_manage_teams(actor, place),
            "teams": queries.teams_of(organization),
            "team_form": TeamForm(),
        },
    )


@org_permission_required(MANAGE_STAFF)
def staff_create(request, org: str | None = None):
    organization = _managed_organization(request, org)
    actor = queries.actor_account(request.user)
    role_choices = policy.grantable_roles(actor, queries.place_of(organization))
    if not role_choices:
        raise PermissionDenied
    form = StaffForm(request.POST or None, organization=organization, role_choices=role_choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff = services.create_staff(
                organization=organization,
                by=request.user,
                username=data["username"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                language=data["language"],
                team=data["team"],
                phone=data["phone"],
            )
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, _refusal(error))
        else:
            if staff.user.is_active:
                message = _(
                    "Account %(username)s created. %(username)s has been sent a link to choose "
                    "a password."
                )
            else:
                message = _(
                    "Account %(username)s created. It is switched on, and the link to choose a "
                    "password sent, once a supervisor confirms its role."
                )
            messages.success(request, message % data)
            return redirect("members:staff", org=organization.short_name)
    return render(request, "members/staff_form.html", {"form": form, "organization": organization})


@org_permission_required(MANAGE_STAFF)
def staff_edit(request, pk: int):
    staff, target, place, actions = _overseen(request, pk)
    actor = queries.actor_account(request.user)
    role_choices = (
        policy.grantable_roles(actor, place, target) if policy.CHANGE_ROLE in actions else {}
    )
    initial = {
        "first_name": staff.user.first_name,
        "last_name": staff.user.last_name,
        "email": staff.user.email,
        "phone": staff.phone,
        "role": staff.role,
        "team": staff.team_id,
        "language": staff.language,
    }
    form = StaffForm(
        request.POST or None,
        organization=staff.organization,
        role_choices=role_choices,
        instance=staff,
        initial=initial,
        email_editable=policy.CHANGE_EMAIL in actions,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.update_staff(
                staff=staff,
                by=request.user,
                role=data.get("role"),
                team=data["team"],
                language=data["language"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
            )
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, _refusal(error))
        else:
            if outcome == "requested":
                messages.success(
                    request,
                    _("Changes saved. The new role applies once a supervisor confirms it."),
                )
            else:
                messages.success(request, _("Changes saved."))
            return redirect("members:staff", org=staff.organization.short_name)
    return render(
        request,
        "members/staff_form.html",
        {"form": form, "organization": staff.organization, "staff": staff, "actions": actions},
    )


@require_POST
@org_permission_required(MANAGE_STAFF)
def staff_set_active(request, pk: int):
    staff, *_rest = _overseen(request, pk)
    try:
        outcome = services.set_staff_active(
            staff=staff, by=request.user, active=request.POST.get("active") == "1"
        )
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _refusal(error))
    else:
        text = {
            "reactivated": _("%(name)s can sign in again."),
            "deactivated": _("%(name)s can no longer sign in."),
            "requested": _("%(name)s can sign in again once a supervisor confirms it."),
        }[outcome]
        messages.success(request, text % {"name": staff})
    return redirect("members:staff", org=staff.organization.short_name)


@require_POST
@org_permission_required(MANAGE_STAFF)
def staff_password_link(request, pk: int):
    staff, *_rest = _overseen(request, pk)
    try:
        services.send_password_link(staff=staff, by=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request,
            _("%(name)s has been sent a link to choose a new password, to their own email.")
            % {"name": staff},
        )
    return redirect("members:staff", org=staff.organization.short_name)


@require_POST
@org_permission_required(MANAGE_STAFF)
def staff_second_factor_reset(request, pk: int):
    staff, *_rest = _overseen(request, pk)
    try:
        reset_second_factor(staff=staff, by=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request,
            _(
                "The second factor of %(name)s was removed and they were signed out. At their "
                "next sign-in they will set up a new authenticator."
            )
            % {"name": staff},
        )
    return redirect("members:staff", org=staff.organization.short_name)


def role_requests(request):
    """The account changes waiting for this person's confirmation."""
    if not (
        has_org_perm(request.user, VIEW_ALL_CASES)
        or has_org_perm(request.user, MANAGE_ORGANIZATIONS)
    ):
        raise PermissionDenied
    pending = queries.role_requests_to_decide(request.user)
    return render(request, "members/role_requests.html", {"requests": pending})


@require_POST
def role_request_decide(request, pk: int):
    waiting = {r.pk: r for r in queries.role_requests_to_decide(request.user)}
    if pk not in waiting:
        raise Http404
    confirm = request.POST.get("decision") == "confirm"
    try:
        services.decide_role_request(request=waiting[pk], by=request.user, confirm=confirm)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _refusal(error))
    else:
        name = waiting[pk].staff.user.get_username()
        if confirm:
            text = _("Confirmed: the change to %(name)s's account applies now.")
        else:
            text = _("Refused: %(name)s's account stays as it was.")
        messages.success(request, text % {"name": name})
    return redirect("members:role_requests")


@require_POST
@org_permission_required(MANAGE_STAFF)
def team_create(request, org: str):
    organization = _managed_organization(request, org)
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            services.create_team(
                organization=organization, by=request.user, name=form.cleaned_data["name"]
            )
            messages.success(request, _("Team created."))
        except PermissionDenied:
            raise
        except ValidationError:
            messages.error(request, _("A team with this name exists already."))
    else:
        messages.error(request, _("Give the team a name."))
    return redirect("members:staff", org=organization.short_name)


@org_permission_required(MANAGE_SERVICES)
def offerings(request, org: str | None = None):
    organization = _managed_organization(request, org)
    form = OfferingForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_offering(organization=organization, by=request.user, **form.cleaned_data)
        except (ValidationError, IntegrityError):
            form.add_error(None, _("Your organisation offers this service there already."))
        else:
            messages.success(request, _("Service added to the directory."))
            return redirect("members:offerings", org=organization.short_name)
    return render(
        request,
        "members/offerings.html",
        {
            "organization": organization,
            "form": form,
            "offerings": queries.offerings_manageable_by(request.user).filter(
                organization=organization
            ),
        },
    )


@require_POST
@org_permission_required(MANAGE_SERVICES)
def offering_remove(request, pk: int):
    offering = get_object_or_404(queries.offerings_manageable_by(request.user), pk=pk)
    organization = offering.organization
    services.remove_offering(offering=offering, by=request.user)
    messages.success(request, _("Service removed from the directory."))
    return redirect("members:offerings", org=organization.short_name)


@org_permission_required(MANAGE_ORGANIZATIONS)
def organization_list(request):
    return render(
        request,
        "members/organization_list.html",
        {"organizations": queries.manageable_organizations(request.user)},
    )


@org_permission_required(MANAGE_ORGANIZATIONS)
def organization_form(request, org: str | None = None):
    """Edit an organisation, or add one together with its first org admin, who is invited."""
    instance = None
    if org:
        instance = get_object_or_404(
            queries.manageable_organizations(request.user), short_name__iexact=org
        )
    form = OrganizationForm(request.POST or None, instance=instance)
    admin_form = None if instance else FirstAdminForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (admin_form is None or admin_form.is_valid())
    ):
        try:
            if instance is not None:
                organization = services.save_organization(
                    organization=form.save(commit=False), by=request.user, changed=form.changed_data
                )
            else:
                data = admin_form.cleaned_data
                organization = form.save(commit=False)
                services.create_member(
                    organization=organization,
                    by=request.user,
                    admin_username=data["username"],
                    admin_email=data["email"],
                    admin_first_name=data["first_name"],
                    admin_last_name=data["last_name"],
                    admin_language=data["language"],
                )
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("%(name)s saved.") % {"name": organization.name})
            return redirect("members:organizations")
    return render(
        request,
        "members/organization_form.html",
        {"form": form, "admin_form": admin_form, "organization": instance},
    )


@org_permission_required(MANAGE_SERVICES)
def directory_entry(request, org: str | None = None):
    """An organisation's directory entry and its capacity, kept by its own org admin (or a
    secretariat admin): two forms on one page, each saved on its own."""
    organization = _managed_organization(request, org)
    entry_form = DirectoryEntryForm(
        request.POST if "entry" in request.POST else None, instance=organization
    )
    capacity_form = CapacityForm(
        request.POST if "capacity" in request.POST else None,
        initial={
            "shelter_beds_free": organization.shelter_beds_free,
            "legal_aid_slots_free": organization.legal_aid_slots_free,
        },
    )
    if request.method == "POST":
        form = entry_form if "entry" in request.POST else capacity_form
        if form.is_valid():
            try:
                if form is entry_form:
                    services.update_directory_entry(
                        organization=organization,
                        by=request.user,
                        changes={name: form.cleaned_data[name] for name in form.changed_data},
                    )
                    messages.success(request, _("Directory entry saved."))
                else:
                    services.update_capacity(
                        organization=organization, by=request.user, **form.cleaned_data
                    )
                    messages.success(request, _("Capacity saved, dated today."))
            except ValidationError as error:
                form.add_error(None, _refusal(error))
            else:
                return redirect("members:entry", org=organization.short_name)
    return render(
        request,
        "members/directory_entry.html",
        {
            "organization": organization,
            "entry_form": entry_form,
            "capacity_form": capacity_form,
            "stale_days": settings.CAPACITY_STALE_DAYS,
        },
    )


@org_permission_required(MANAGE_ORGANIZATIONS)
def service_catalogue(request):
    return render(
        request, "members/service_catalogue.html", {"services": queries.services_catalogue()}
    )


@org_permission_required(MANAGE_ORGANIZATIONS)
def service_form(request, code: str | None = None):
    instance = get_object_or_404(Service, code=code) if code else None
    form = ServiceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.save_service(
                service=form.save(commit=False), by=request.user, changed=form.changed_data
            )
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("%(name)s saved.") % {"name": service.name})
            return redirect("members:catalogue")
    return render(request, "members/service_form.html", {"form": form, "service": instance})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's self-service reset, whose link points at settings.SITE_URL: never at the Host
    header of the request that asked for it. The email is looked up and sent by a task, so the
    answer takes as long for an address with no account; requests past the hourly limits per
    email and per address send nothing, and look the same to the asker."""

    def form_valid(self, form):
        address = form.cleaned_data["email"]
        if note_reset_request(email=address):
            publish(send_password_reset, address)
        return HttpResponseRedirect(self.get_success_url())
