"""The reports pages: the dashboard of the user's scope, its exports, stored reports, CTDC.

Who gets which report is decided once, by `report_scope_for` (scope.py): no report permission
is a 403, as with members.access.org_permission_required; a stored report outside the user's
scope is a 404, so that another organisation's reports are not disclosed. Every look at a
report's figures (the dashboard) and every file taken away is in the access log.
"""

from functools import lru_cache
from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST

from members.access import org_permission_required
from members.roles import VIEW_COALITION_REPORTS

from . import services
from .exports import FORMATS, filename
from .extras import KIND_FILES
from .figures import report_for
from .forms import DatasetYearForm, PeriodForm, period_form
from .models import StoredReport
from .presented import dashboard_figures
from .queries import RECENT_STORED, recent_reports_of, stored_reports_of
from .scope import Period, ReportScope, report_scope_for

FORMAT_LABELS = {"pdf": "PDF", "xlsx": "XLSX", "csv": "CSV"}
# A PDF takes seconds of CPU to lay out: it is built by the report job (the dashboard's PDF
# button asks for one, and its page shows the progress), never inside a request.
IN_REQUEST_FORMATS = frozenset(FORMATS) - {"pdf"}
# While someone else counts a dashboard's first copy, its page reloads after this long.
COUNTING_REFRESH_SECONDS = 5


def _scope(request) -> ReportScope:
    scope = report_scope_for(request.user)
    if scope is None:
        raise PermissionDenied
    return scope


def dashboard(request):
    scope = _scope(request)
    form, period = period_form(request.GET)
    figures = dashboard_figures(scope, period)
    services.record_view(by=request.user, scope=scope, period=period)
    stored = recent_reports_of(scope)
    return render(
        request,
        "reports/dashboard.html",
        {
            "scope": scope,
            "form": form,
            "period": period,
            "figures": figures,
            # Only when counted for this request: a cached dashboard is its HTML alone.
            "report": figures.report if figures else None,
            "counting_refresh_seconds": COUNTING_REFRESH_SECONDS,
            "query": request.GET.urlencode(),
            "stored": [(item, _downloads(item)) for item in stored],
            "period_fields": _period_form_html("reports/partials/period_fields.html", period),
            "period_hidden": _period_form_html("reports/partials/period_hidden.html", period),
        },
    )


def _period_form_html(template: str, period) -> str:
    """The period picker's fields showing `period`, rendered once per process for each
    template, language, period and range of years: form widgets are most of a cached
    dashboard's CPU. A form with errors is rendered live by the page."""
    return _rendered_period_form(template, get_language(), period, tuple(Period.years()))


@lru_cache(maxsize=512)
def _rendered_period_form(template: str, language: str, period, years: tuple) -> str:
    with translation.override(language):
        return render_to_string(template, {"form": PeriodForm.showing(period)})


@cache_control(private=True, no_store=True)
def export(request, fmt: str):
    scope = _scope(request)
    if fmt not in IN_REQUEST_FORMATS:
        raise Http404
    _form, period = period_form(request.GET)
    report = report_for(scope, period)
    content = FORMATS[fmt].render(report)
    services.record_export(by=request.user, scope=scope, period=period, fmt=fmt)
    response = HttpResponse(content, content_type=FORMATS[fmt].content_type)
    name = filename(report, fmt, get_language())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def request_report(request):
    scope = _scope(request)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the period: %(errors)s") % {"errors": _errors(form)})
        return redirect("reports:dashboard")
    report = services.request_report(
        scope=scope, by=request.user, period=form.period(), kind=StoredReport.Kind.ON_REQUEST
    )
    return redirect("reports:stored", report.pk)


@org_permission_required(VIEW_COALITION_REPORTS)
def ctdc(request):
    scope = _scope(request)
    if request.method == "POST":
        form = DatasetYearForm(request.POST)
        if form.is_valid():
            report = services.request_report(
                scope=scope, by=request.user, period=form.period(), kind=StoredReport.Kind.CTDC
            )
            return redirect("reports:stored", report.pk)
    else:
        form = DatasetYearForm.latest()
    datasets = stored_reports_of(scope).filter(kind=StoredReport.Kind.CTDC)[:RECENT_STORED]
    return render(
        request,
        "reports/ctdc.html",
        {"form": form, "datasets": datasets, "threshold": settings.SMALL_CELL_THRESHOLD},
    )


def _stored_or_404(request, pk: int) -> StoredReport:
    return get_object_or_404(stored_reports_of(_scope(request)), pk=pk)


def stored(request, pk: int):
    report = _stored_or_404(request, pk)
    return render(
        request,
        "reports/stored.html",
        {
            "stored": report,
            "back": _asked_from(report),
            "downloads": _downloads(report),
            "threshold_summary": report.summary,
        },
    )


def _asked_from(report: StoredReport) -> str:
    """The page a stored report is asked for on, which its page leads back to."""
    if report.kind in KIND_FILES:
        return reverse(KIND_FILES[report.kind].page)
    return reverse("reports:ctdc" if report.kind == StoredReport.Kind.CTDC else "reports:dashboard")


@never_cache
def progress(request, pk: int):
    report = _stored_or_404(request, pk)
    return JsonResponse(
        {
            "status": report.status,
            "label": report.get_status_display(),
            "progress": report.progress,
            "finished": report.is_finished,
        }
    )


@cache_control(private=True, no_store=True)
def download(request, pk: int, key: str):
    report = _stored_or_404(request, pk)
    name = report.files.get(key)
    if report.status != StoredReport.Status.DONE or not name:
        raise Http404
    services.record_download(by=request.user, report=report, file_key=key)
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=PurePath(name).name
    )


def _downloads(report: StoredReport) -> list[tuple[str, str]]:
    """(label, file key) of a stored report's files in the user's language (else English)."""
    if report.status != StoredReport.Status.DONE:
        return []
    if report.kind == StoredReport.Kind.CTDC:
        return [("CSV", "ctdc")] if "ctdc" in report.files else []
    language = get_language()
    found = []
    for fmt, label in FORMAT_LABELS.items():
        for key in (f"{fmt}-{language}", f"{fmt}-en"):
            if key in report.files:
                found.append((label, key))
                break
    return found


def _errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
