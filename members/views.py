from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import queries, services
from .access import org_permission_required, staff_of
from .forms import DirectoryFilterForm, OfferingForm, OrganizationForm, StaffForm, TeamForm
from .roles import MANAGE_ORGANIZATIONS, MANAGE_SERVICES, MANAGE_STAFF


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


@org_permission_required(MANAGE_STAFF)
def staff_list(request, org: str | None = None):
    organization = _managed_organization(request, org)
    staff = queries.staff_manageable_by(request.user).filter(organization=organization)
    return render(
        request,
        "members/staff_list.html",
        {
            "organization": organization,
            "staff_list": staff,
            "teams": queries.teams_of(organization),
            "team_form": TeamForm(),
        },
    )


@org_permission_required(MANAGE_STAFF)
def staff_create(request, org: str | None = None):
    organization = _managed_organization(request, org)
    form = StaffForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.create_staff(
            organization=organization,
            by=request.user,
            username=data["username"],
            role=data["role"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            language=data["language"],
            team=data["team"],
            phone=data["phone"],
        )
        messages.success(request, _("Account %(username)s created.") % data)
        return redirect("members:staff", org=organization.short_name)
    return render(request, "members/staff_form.html", {"form": form, "organization": organization})


@org_permission_required(MANAGE_STAFF)
def staff_edit(request, pk: int):
    staff = get_object_or_404(queries.staff_manageable_by(request.user), pk=pk)
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
        request.POST or None, organization=staff.organization, instance=staff, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        if staff.user_id == request.user.pk and form.cleaned_data["role"] != staff.role:
            form.add_error("role", _("You cannot change your own role."))
        else:
            data = form.cleaned_data
            services.update_staff(
                staff=staff,
                by=request.user,
                role=data["role"],
                team=data["team"],
                language=data["language"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
            )
            messages.success(request, _("Changes saved."))
            return redirect("members:staff", org=staff.organization.short_name)
    return render(
        request,
        "members/staff_form.html",
        {"form": form, "organization": staff.organization, "staff": staff},
    )


@require_POST
@org_permission_required(MANAGE_STAFF)
def staff_set_active(request, pk: int):
    staff = get_object_or_404(queries.staff_manageable_by(request.user), pk=pk)
    active = request.POST.get("active") == "1"
    if staff.user_id == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
    else:
        services.set_staff_active(staff=staff, by=request.user, active=active)
        if active:
            messages.success(request, _("%(name)s can sign in again.") % {"name": staff})
        else:
            messages.success(request, _("%(name)s can no longer sign in.") % {"name": staff})
    return redirect("members:staff", org=staff.organization.short_name)


@org_permission_required(MANAGE_STAFF)
def staff_password(request, pk: int):
    staff = get_object_or_404(queries.staff_manageable_by(request.user), pk=pk)
    form = SetPasswordForm(staff.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_staff_password(
            staff=staff, by=request.user, password=form.cleaned_data["new_password1"]
        )
        messages.success(request, _("New password set for %(name)s.") % {"name": staff})
        return redirect("members:staff", org=staff.organization.short_name)
    return render(request, "members/staff_password.html", {"form": form, "staff": staff})


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
    instance = None
    if org:
        instance = get_object_or_404(
            queries.manageable_organizations(request.user), short_name__iexact=org
        )
    form = OrganizationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        organization = services.save_organization(
            organization=form.save(commit=False),
            by=request.user,
            changed=form.changed_data if instance else None,
        )
        messages.success(request, _("%(name)s saved.") % {"name": organization.name})
        return redirect("members:organizations")
    return render(
        request, "members/organization_form.html", {"form": form, "organization": instance}
    )
