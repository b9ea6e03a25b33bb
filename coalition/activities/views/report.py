"""The donor report page and its exports: the secretariat's (whoever sees coalition reports)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.reports.models import StoredReport
from coalition.reports.scope import Period
from coalition.reports.tables import LEGEND_SMALL, LEGEND_WITHHELD

from .. import policy, services
from ..donor import build_donor_report, quarter_period
from ..donor.exports import FORMATS, filename
from ..donor.figures import DonorReport
from ..forms import current_quarter, donor_report_form


def _period(form) -> Period:
    """The form's quarter or year, of its province or all; this quarter when it is invalid."""
    if form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
        province = form.cleaned_data["province"]
    else:
        (year, quarter), province = current_quarter(), ""
    if quarter:
        return quarter_period(year, quarter, province)
    return Period(quarter_period(year, 1).start, quarter_period(year, 4).end, province)


def _report(request) -> tuple:
    if not policy.may_see_donor_report(request.user):
        raise PermissionDenied
    form = donor_report_form(request.GET)
    return form, build_donor_report(_period(form))


def _legend(report: DonorReport) -> list[str]:
    return [str(LEGEND_SMALL) % {"k": report.threshold}, str(LEGEND_WITHHELD)]


MONTHS_LISTED = 12
# The spreadsheet and CSV are made at once; the PDF by the report job (donor_pdf).
IN_REQUEST_FORMATS = frozenset(FORMATS) - {"pdf"}


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


@require_POST
def donor_pdf(request):
    """Ask for the PDF of the period the page showed: built by the report job, never in the
    request (a PDF takes seconds to lay out); its page shows the progress."""
    form = donor_report_form(request.POST)
    back = f"{reverse('activities:donor_report')}?{urlencode(form.data)}"
    if not form.is_valid():
        messages.error(request, _("Check the period and the province."))
        return redirect(back)
    try:
        stored = services.request_donor_pdf(by=request.user, period=_period(form))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return redirect("reports:stored", stored.pk)


def donor_export(request, fmt: str):
    if fmt not in IN_REQUEST_FORMATS:
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
