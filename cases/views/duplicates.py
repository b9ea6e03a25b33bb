"""The secretariat admin's list of possible duplicates between member organisations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..duplicates import (
    may_manage_possible_duplicates,
    possible_duplicates_for,
    resolve_possible_duplicate,
)
from ..forms import ResolvePossibleDuplicateForm


def possible_duplicates(request):
    if not may_manage_possible_duplicates(request.user):
        raise Http404
    items = list(possible_duplicates_for(request.user)[:200])
    return render(request, "cases/possible_duplicates.html", {"items": items})


@require_POST
def resolve(request, item_id: int):
    item = get_object_or_404(possible_duplicates_for(request.user), pk=item_id)
    form = ResolvePossibleDuplicateForm(request.POST)
    if form.is_valid():
        try:
            resolve_possible_duplicate(item=item, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Marked resolved."))
    else:
        messages.error(request, " ".join(form.errors.get("note", [])))
    return redirect("cases:possible_duplicates")
