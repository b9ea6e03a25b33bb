"""Logging an intake and completing the case file."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from members.access import org_permission_required, staff_of
from members.geography import CNIC_FIRST_DIGIT_PROVINCE
from members.roles import OPEN_CASE

from .. import services
from ..access import access_to
from ..duplicates import check_identifiers
from ..forms import CaseForm, QuickIntakeForm
from ..models import Case

# For static/js/intake.js: the province each CNIC first digit suggests.
CNIC_PROVINCES = {digit: str(province) for digit, province in CNIC_FIRST_DIGIT_PROVINCE.items()}


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
        duplicates = check_identifiers(
            by=request.user, cnic=data.get("cnic", ""), phone=data.get("phone", "")
        )
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
    return render(
        request,
        "cases/intake.html",
        {"form": form, "duplicates": duplicates, "cnic_provinces": json.dumps(CNIC_PROVINCES)},
    )


def edit(request, pk: int):
    """The full case file. A save based on an older version is refused, the input kept, and the
    other person's changes shown; only a save made after seeing them goes through."""
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
    access = access_to(request.user, case)
    if "edit" not in access.permitted:
        raise Http404  # a per-case grant or a referral reads the file, never changes it
    if "edit" not in access.allowed:
        messages.error(request, _("This case is closed. A supervisor can reopen it."))
        return redirect("cases:detail", pk=case.pk)
    if request.method == "GET":
        services.record_case_view(case=case, by=request.user, page="file")
    stored_identifiers = {"cnic": case.cnic, "phone": case.phone}  # is_valid() overwrites case
    form = CaseForm(request.POST or None, instance=case, section=request.POST.get("section", ""))
    duplicates = conflicts = None
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        # Only a new CNIC or phone number is checked: the stored ones were checked when typed.
        new_identifiers = {
            name: changes[name]
            for name, stored in stored_identifiers.items()
            if changes.get(name) and changes[name] != stored
        }
        duplicates = check_identifiers(by=request.user, case=case, **new_identifiers)
        if duplicates and not request.POST.get("confirm_duplicate"):
            messages.warning(request, _("Check the possible duplicates below before saving."))
        else:
            _tell_if_refused(request, duplicates)
            try:
                saved = services.update_case(
                    case=case,
                    by=request.user,
                    expected_version=form.expected_version(),
                    changes=changes,
                    facets=form.facets(),
                )
            except services.StaleCaseError as stale:
                conflicts = form.conflicts_with(stale.current)
                form.data = form.data.copy()
                form.data["seen_version"] = stale.current.version
                form.add_error(
                    None,
                    _(
                        "Someone else saved this case while you were editing it. Your changes "
                        "were NOT saved. Compare what they saved with your answers below; "
                        "saving again keeps your answers."
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if not form.section:
                    messages.success(request, _("Case file saved."))
                    return redirect("cases:detail", pk=case.pk)
                return _section_saved(request, form, saved)
    return render(
        request,
        "cases/edit.html",
        {"form": form, "case": case, "duplicates": duplicates, "conflicts": conflicts},
    )


def _section_saved(request, form: CaseForm, saved: Case):
    """Back to the case file at the saved section; answers typed in other sections and not
    saved yet are shown again as typed, on the new version of the case."""
    messages.success(
        request, _("The section “%(section)s” is saved.") % {"section": form.section_title}
    )
    unsaved = form.unsaved_elsewhere()
    if not unsaved:
        return redirect(f"{reverse('cases:edit', args=[saved.pk])}#section-{form.section}")
    messages.info(
        request,
        _(
            "Your answers in the other sections are not saved yet: save them with their "
            "section's button or with “Save the case file”."
        ),
    )
    data = form.data.copy()
    data["version"] = saved.version
    data.pop("seen_version", None)
    shown = CaseForm(data, instance=saved, section=form.section)
    return render(
        request,
        "cases/edit.html",
        {"form": shown, "case": saved, "duplicates": None, "conflicts": None, "unsaved": True},
    )
