"""The donor report page and its exports: the secretariat's (whoever sees coalition reports)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from coalition.reports.models import StoredReport
from coalition.reports.scope import Period
from coalition.reports.tables import LEGEND_SMALL, LEGEND_WITHHELD

from .. import policy, services
from ..donor import build_donor_report, quarter_period
from ..donor.exports import FORMATS, filename
from ..donor.figures import DonorReport
from ..forms import current_quarter, donor_report_form


def _report(request) -> tuple:
    if not policy.may_see_donor_report(request.user):
        raise PermissionDenied
    form = donor_report_form(request.GET)
    if form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
        province = form.cleaned_data["province"]
    else:
        (year, quarter), province = current_quarter(), ""
    if quarter:
        period = quarter_period(year, quarter, province)
    else:
        period = Period(quarter_period(year, 1).start, quarter_period(year, 4).end, province)
    return form, build_donor_report(period)


def _legend(report: DonorReport) -> list[str]:
    return [str(LEGEND_SMALL) % {"k": report.threshold}, str(LEGEND_WITHHELD)]


MONTHS_LISTED = 12


def _monthly_files(language: str) -> list[tuple]:
    """(month, [(format label, file key)]) of the monthly reports that carry the activities."""
    months = StoredReport.objects.filter(
        kind=StoredReport.Kind.MONTHLY,
        organization__isnull=True,
        status=StoredReport.Status.DONE,
    ).order_by("-period_start")[:MONTHS_LISTED]
    listed = []
    for stored in months:
        files = []
        for fmt in FORMATS:
            for key in (f"activities-{fmt}-{language}", f"activities-{fmt}-en"):
                if key in stored.files:
                    files.append((fmt.upper(), key))
                    break
        if files:
            listed.append((stored, files))
    return listed


def donor_report(request):
    form, report = _report(request)
    return render(
        request,
        "activities/donor_report.html",
        {
            "form": form,
            "report": report,
            "tables": [(table, table.grid()) for table in report.tables],
            "legend": _legend(report),
            "query": request.GET.urlencode(),
            "monthly": _monthly_files(get_language()),
        },
    )


def donor_export(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    _form, report = _report(request)
    language = get_language()
    services.record_report_export(
        by=request.user, period_details=report.period.as_details(), fmt=fmt, language=language
    )
    response = HttpResponse(FORMATS[fmt].render(report), content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(report, fmt, language)}"'
    response["Cache-Control"] = "no-store, private"
    return response
