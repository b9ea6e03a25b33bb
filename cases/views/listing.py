"""The case list: search, filters, sort, pagination, in a fixed number of queries."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from members.access import has_org_perm, staff_of
from members.models import Staff
from members.roles import OPEN_CASE, VIEW_ALL_CASES, VIEW_OWN_CASES, Role

from .. import queries, services
from ..forms import CaseFilterForm

PAGE_SIZE = 25


def case_list(request):
    if not (
        has_org_perm(request.user, VIEW_OWN_CASES) or has_org_perm(request.user, VIEW_ALL_CASES)
    ):
        raise PermissionDenied
    staff = staff_of(request.user)
    caseworkers = Staff.objects.filter(
        organization_id=staff.organization_id, role__in=[Role.CASEWORKER, Role.SUPERVISOR]
    ).select_related("user")
    form = CaseFilterForm(request.GET or None, caseworkers=caseworkers)
    filters = queries.CaseFilters()
    if form.is_valid():
        filters = queries.CaseFilters(
            **{k: val for k, val in form.cleaned_data.items() if val not in (None, "", False)}
        )
    if form.is_valid() and form.has_changed():
        services.record_case_search(
            by=request.user, text=filters.q, filters=list(form.changed_data)
        )
    paginator = Paginator(queries.case_list(request.user, filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(query),
            "perms_open_case": has_org_perm(request.user, OPEN_CASE),
            "today": timezone.localdate(),
        },
    )
