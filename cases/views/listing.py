"""The case list: search, filters, sort, pagination, in a fixed number of queries."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coalition.jinja import render_rows
from members.access import cached_access, has_org_perm, staff_of
from members.labels import row_labels
from members.queries import case_holders
from members.roles import OPEN_CASE, VIEW_ALL_CASES, VIEW_OWN_CASES

from .. import queries, services
from ..access import sections_read
from ..forms import CaseFilterForm

PAGE_SIZE = 25
# Where the kept search form's box holds the text searched for (`filter_form`).
SEARCHED = "QZXSEARCHEDXZQ"
# The table's column headings, which each row's cell also carries (a phone shows them as cards).
LABELS = {
    "case": _("Case"),
    "name": _("Name or alias"),
    "intake": _("Intake"),
    "status": _("Status"),
    "risk": _("Risk"),
    "caseworker": _("Caseworker"),
    "follow_up": _("Next follow-up"),
}


def case_list(request):
    if not (
        has_org_perm(request.user, VIEW_OWN_CASES) or has_org_perm(request.user, VIEW_ALL_CASES)
    ):
        raise PermissionDenied
    query = request.GET.copy()
    query.pop("page", None)
    # Nothing asked for: no form is built (its fields copied, its choices set), as the
    # unfiltered one is kept as drawn.
    form = new_filter_form(request.user, query) if query else None
    filters = queries.CaseFilters()
    if form is not None and form.is_valid():
        filters = queries.CaseFilters(
            **{k: val for k, val in form.cleaned_data.items() if val not in (None, "", False)}
        )
        if form.has_changed():
            services.record_case_search(
                by=request.user, text=filters.q, filters=list(form.changed_data)
            )
    page = queries.case_list_page(request.user, filters, PAGE_SIZE, request.GET.get("page"))
    labels = {key: str(label) for key, label in LABELS.items()}  # translated once, not per row
    cases = list(page)
    for case in cases:  # a case seen through a share shows only what the share opens
        case.sections_read, case.seen_in_full = sections_read(request.user, case)
    rows = {
        "cases": cases,
        "labels": labels,
        "names": row_labels(
            request.user,
            organization_ids=(case.organization_id for case in cases),
            staff_ids=(case.assigned_to_id for case in cases),
        ),
        "own_organization_id": staff_of(request.user).organization_id,
        "today": timezone.localdate(),
    }
    return render(
        request,
        "cases/list.html",
        {
            "filter_form": filter_form(request.user, form),
            "page": page,
            "labels": labels,
            "rows": render_rows("cases/list_rows.html", rows),
            "query": query.urlencode(),
            "filtered": bool(query),
            "perms_open_case": has_org_perm(request.user, OPEN_CASE),
        },
    )


def caseworker_choices(user) -> list[tuple[int, str]]:
    """(staff id, name) of the case holders of the user's organisation, kept until the access
    version changes (a caseworker joins, leaves, changes role or is renamed)."""

    def read() -> list[tuple[int, str]]:
        return [(s.pk, s.display_name) for s in case_holders(staff_of(user).organization_id)]

    return cached_access(user, "caseworker-choices", read)


def new_filter_form(user, data=None) -> CaseFilterForm:
    return CaseFilterForm(data, caseworkers=lambda: caseworker_choices(user))


def filter_form(user, form: CaseFilterForm | None) -> str:
    """The search and filter form as drawn. It looks the same on every visit of the
    organisation's staff while nothing, or only a search text, is asked for: its markup is kept
    until the access version changes (a caseworker joins, leaves, changes role or is renamed).
    For a search, it is kept with a stand-in where the search box holds its text, and the text,
    escaped as the box's widget escapes it, goes in on each visit: what was searched for (a
    name, perhaps) is never kept."""

    def draw(form: CaseFilterForm) -> str:
        fold_context = {"form": form, "filtered": form.is_bound}
        fold = render_to_string("cases/partials/list_filters_fold.html", fold_context)
        fold = mark_safe(fold)  # noqa: S308 - a template's output, escaped by it
        context = {"form": form, "filtered": form.is_bound, "fold": fold}
        return render_to_string("cases/partials/list_filters.html", context)

    language = get_language()
    if form is None:
        kept = cached_access(
            user, f"case-list-form:{language}", lambda: draw(new_filter_form(user))
        )
        return mark_safe(kept)  # noqa: S308 - a template's output, escaped by it
    if form.is_valid() and set(form.changed_data) == {"q"}:
        key = f"case-list-form-searched:{language}"
        kept = cached_access(user, key, lambda: draw(new_filter_form(user, {"q": SEARCHED})))
        return mark_safe(kept.replace(SEARCHED, escape(form["q"].value())))  # noqa: S308
    return mark_safe(draw(form))  # noqa: S308 - a template's output, escaped by it
