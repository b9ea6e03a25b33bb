"""Logging an intake and completing the case file."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from members.access import org_permission_required, staff_of
from members.roles import OPEN_CASE

from .. import services
from ..duplicates import check_identifiers
from ..forms import CaseForm, QuickIntakeForm
from ..models import Case


def _tell_if_refused(request, duplicates) -> None:
    if duplicates.refused:
        messages.warning(
            request,
            _(
                "The duplicate check was skipped: you have made too many checks in the last "
                "hour. If you think this person may already have a case, ask the secretariat."
            ),
        )


@org_permission_required(OPEN_CASE)
def intake(request):
    """Quick intake: a helpline call or a walk-in, in under a minute."""
    form = QuickIntakeForm(request.POST or None)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = check_identifiers(by=request.user, phone=data.get("phone", ""))
        if duplicates and not request.POST.get("confirm_duplicate"):
            messages.warning(request, _("Check the possible duplicates below before saving."))
        else:
            _tell_if_refused(request, duplicates)
            case = services.open_case(
                organization=staff_of(request.user).organization, by=request.user, **data
            )
            messages.success(
                request,
                _("Case %(number)s opened. Complete the case file when you can.")
                % {"number": case.number},
            )
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/intake.html", {"form": form, "duplicates": duplicates})


@org_permission_required(OPEN_CASE)
def edit(request, pk: int):
    """The full case file. A save based on an older version is refused, the input kept."""
    case = get_object_or_404(Case.objects.visible_to(request.user).full_access(request.user), pk=pk)
    if case.organization_id != staff_of(request.user).organization_id:
        raise Http404  # a per-case grant lets another member read the file, not change it
    if case.is_closed:
        messages.error(request, _("This case is closed. A supervisor can reopen it."))
        return redirect("cases:detail", pk=case.pk)
    stored_identifiers = {"cnic": case.cnic, "phone": case.phone}  # is_valid() overwrites case
    form = CaseForm(request.POST or None, instance=case)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Only a new CNIC or phone number is checked: the stored ones were checked when typed.
        new_identifiers = {
            name: data[name]
            for name, stored in stored_identifiers.items()
            if data.get(name) and data[name] != stored
        }
        duplicates = check_identifiers(by=request.user, case=case, **new_identifiers)
        if duplicates and not request.POST.get("confirm_duplicate"):
            messages.warning(request, _("Check the possible duplicates below before saving."))
        else:
            _tell_if_refused(request, duplicates)
            try:
                services.update_case(
                    case=case,
                    by=request.user,
                    expected_version=data["version"],
                    changes=form.changes(),
                    facets=form.facets(),
                )
            except services.StaleCaseError:
                form.add_error(
                    None,
                    _(
                        "Someone else saved this case while you were editing it. Your changes "
                        "are still in the form below but were NOT saved: open the case in a new "
                        "tab to see what changed, then save again."
                    ),
                )
                form.data = form.data.copy()
                form.data["version"] = Case.objects.visible_to(request.user).get(pk=pk).version
            else:
                messages.success(request, _("Case file saved."))
                return redirect("cases:detail", pk=case.pk)
    return render(
        request, "cases/edit.html", {"form": form, "case": case, "duplicates": duplicates}
    )
