"""The HTTP benchmark's URLconf: the product's routes, and two to compare the case list with.

- /bench/bare/: the same visible-to query, filter, order, page and count as the case list, read
  the same way (`cases.queries.case_list_page`), and the same kept names (members.labels),
  rendered as a bare HTML table with no form, no layout and no template: the floor under the
  list.
- /bench/admin/cases/case/: Django admin's changelist on the same rows (the list's columns,
  visible_to in get_queryset, 25 a page), on an admin site of the benchmark's own that any
  signed-in staff member may read.
Only bench/http_settings.py uses it; the product's URLconf is coalition/urls.py.
"""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.utils.html import escape

from cases import queries
from cases.models import Case
from members.access import staff_of
from members.labels import row_labels

PAGE_SIZE = 25  # the case list's


def bare_case_list(request) -> HttpResponse:
    filters = queries.CaseFilters(q=request.GET.get("q", ""))
    page = queries.case_list_page(request.user, filters, PAGE_SIZE, request.GET.get("page"))
    found = list(page)
    names = row_labels(
        request.user,
        organization_ids=(c.organization_id for c in found),
        staff_ids=(c.assigned_to_id for c in found),
    )
    rows = "".join(
        f"<tr><td>{escape(c.number)}</td><td>{escape(names.organizations[c.organization_id])}</td>"
        f"<td>{escape(c.full_name)}</td><td>{escape(c.alias)}</td><td>{c.intake_date}</td>"
        f"<td>{escape(c.status)}</td><td>{escape(c.risk_level)}</td>"
        f"<td>{c.next_follow_up or ''}</td>"
        f"<td>{escape(names.staff.get(c.assigned_to_id, ''))}</td></tr>"
        for c in found
    )
    return HttpResponse(
        f"<!doctype html><title>cases</title><p>{page.paginator.count} cases</p>"
        f"<table>{rows}</table>"
    )


class BenchAdminSite(admin.AdminSite):
    site_url = None

    def has_permission(self, request) -> bool:
        return staff_of(request.user) is not None


class CaseAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "organization",
        "full_name",
        "alias",
        "intake_date",
        "status",
        "risk_level",
        "next_follow_up",
        "assigned_to",
    )
    list_select_related = ("organization", "assigned_to__user")
    list_per_page = PAGE_SIZE
    search_fields = ("full_name",)
    ordering = ("-intake_date", "-id")
    show_full_result_count = False

    def get_queryset(self, request):
        return Case.objects.visible_to(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return True

    def has_module_permission(self, request) -> bool:
        return True

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


site = BenchAdminSite(name="bench_admin")
site.register(Case, CaseAdmin)

urlpatterns = [
    path("bench/bare/", bare_case_list),
    path("bench/admin/", site.urls),
    path("", include("coalition.urls")),
]
