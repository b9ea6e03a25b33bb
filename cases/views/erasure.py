"""Erasing a case's identifying details on the person's request: a confirmation page that says
what goes and what stays, then the service (cases/services/erasure.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import erasure, services
from ..forms import ErasureForm
from ..models import CaseShare
from .workflow import case_action


@case_action("erase")
def erase(request, case):
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_case(case=case, by=request.user, reason=form.cleaned_data["reason"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case's identifying details were erased."))
            return redirect("cases:detail", pk=case.pk)
    context = {
        "case": case,
        "form": form,
        "title": _("Erase the person's identifying details"),
        "documents": len(erasure.documents_of(case.pk)),
        "open_shares": CaseShare.objects.filter(case=case, ended_at=None).count(),
    }
    return render(request, "cases/erase.html", context)
