"""Reports cover the fixed family of periods only (a calendar month, quarter or year of a bounded
range of years, a province or all), and every look at a report's figures is in the access log."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coalition.models import AccessLog
from coalition.reports import services
from coalition.reports.forms import DatasetYearForm, PeriodForm
from coalition.reports.models import StoredReport
from coalition.reports.scope import FIRST_YEAR, Period, ReportScope

DAYS = {"start": "2026-01-01", "end": "2026-01-30"}
DAYS_REFUSED_UR = "رپورٹیں پورے مہینے، سہ ماہی یا سال کی ہوتی ہیں"


def in_urdu(client):
    client.post("/i18n/setlang/", {"language": "ur", "next": "/reports/"})
    return client


@pytest.mark.parametrize(
    ("part", "period"),
    [
        ("year", Period.year(2025, "sindh")),
        ("q3", Period.quarter(2025, 3, "sindh")),
        ("m02", Period(date(2025, 2, 1), date(2025, 2, 28), "sindh")),
    ],
)
def test_the_form_chooses_a_calendar_month_quarter_or_year(part, period):
    form = PeriodForm({"year": "2025", "part": part, "province": "sindh"})
    assert form.is_valid(), form.errors
    assert form.period() == period
    assert period.is_standard()


def test_a_range_of_days_is_refused_with_a_message_in_the_reader_s_language(as_user, supervisor_a):
    client = as_user(supervisor_a)
    response = client.get("/reports/", DAYS)
    assert response.status_code == 200
    assert "not chosen days" in response.content.decode()
    assert response.context["period"] == Period.default()
    urdu = in_urdu(client).get("/reports/", DAYS).content.decode()
    assert DAYS_REFUSED_UR in urdu
    assert not PeriodForm({**DAYS, "year": "2026", "part": "m01"}).is_valid()


@pytest.mark.parametrize("year", ["9999", "1900", "2026-01-31", "-1"])
def test_an_absurd_year_is_refused_with_a_message_not_an_error_page(as_user, analyst, year):
    client = as_user(analyst)
    last = timezone.localdate().year
    response = client.get("/reports/", {"year": year, "part": "m12"})
    assert response.status_code == 200
    assert f"Choose a year from {FIRST_YEAR} to {last}." in response.content.decode()
    urdu = in_urdu(client).get("/reports/", {"year": year, "part": "m12"}).content.decode()
    assert f"{FIRST_YEAR} سے {last} تک کا کوئی سال منتخب کریں" in urdu
    assert client.get(f"/reports/export/csv/?year={year}&part=m12").status_code == 200


def test_a_report_for_chosen_days_is_not_built(as_user, analyst):
    response = as_user(analyst).post("/reports/request/", DAYS, follow=True)
    assert "not chosen days" in response.content.decode()
    assert not StoredReport.objects.exists()


@pytest.mark.parametrize(
    "period",
    [
        Period(date(2026, 1, 1), date(2026, 1, 30)),  # days
        Period(date(2026, 1, 1), date(2026, 2, 28)),  # two months: they nest with January
        Period(date(2025, 12, 1), date(2026, 2, 28)),  # a quarter across years
        Period.month(9999, 12),  # out of range
        Period.month(2026, 1, "atlantis"),  # no such province
    ],
)
def test_the_service_refuses_a_period_outside_the_family(analyst, period):
    with pytest.raises(ValidationError):
        services.request_report(
            scope=ReportScope(None), by=analyst.user, period=period, kind="on_request"
        )
    assert not StoredReport.objects.exists()


@pytest.mark.parametrize(
    "period",
    [
        Period.quarter(2026, 1),
        Period.year(2026, "punjab"),
        Period.month(2026, 1),
        Period.year(2027),  # not over yet
    ],
)
def test_a_ctdc_dataset_covers_a_whole_year_that_has_ended_of_every_province(
    analyst, in_2027, period
):
    with pytest.raises(ValidationError):
        services.request_report(
            scope=ReportScope(None), by=analyst.user, period=period, kind="ctdc"
        )
    form = DatasetYearForm({"year": "2026"})
    assert form.is_valid()
    assert form.period() == Period.year(2026)
    assert not DatasetYearForm({"year": "2027"}).is_valid()


def test_the_ctdc_page_offers_ended_years_only(as_user, analyst, in_2027):
    form = as_user(analyst).get("/reports/ctdc/").context["form"]
    years = [year for year, _label in form.fields["year"].choices]
    assert years[0] == 2026
    assert 2027 not in years
    assert form.initial == {"year": 2026}


def test_the_monthly_job_refuses_a_month_out_of_range(db):
    with pytest.raises(ValidationError):
        services.monthly_report(Period.month(9999, 12))


@pytest.mark.parametrize("fixture", ["analyst", "supervisor_a"])
def test_every_dashboard_view_is_in_the_access_log(request, as_user, fixture):
    staff = request.getfixturevalue(fixture)
    client = as_user(staff)
    client.get("/reports/", {"year": "2026", "part": "q2", "province": "kpk"})
    client.get("/reports/")
    client.get("/reports/", DAYS)  # refused: the default period is what was shown
    entries = list(AccessLog.objects.filter(verb="report.viewed").order_by("pk"))
    assert [entry.action for entry in entries] == [AccessLog.Action.VIEW] * 3
    assert {entry.actor for entry in entries} == {staff.user}
    organization = None if fixture == "analyst" else staff.organization
    assert {entry.organization for entry in entries} == {organization}
    shown = [(e.details["period_start"], e.details["period_end"], e.details["province"])
             for e in entries]  # fmt: skip
    default = Period.default().as_details()
    assert shown == [
        ("2026-04-01", "2026-06-30", "kpk"),
        (default["period_start"], default["period_end"], ""),
        (default["period_start"], default["period_end"], ""),
    ]


def test_every_export_and_download_is_in_the_access_log(
    as_user, analyst, in_2027, django_capture_on_commit_callbacks
):
    client = as_user(analyst)
    for fmt in ("csv", "xlsx"):
        assert client.get(f"/reports/export/{fmt}/", {"year": "2026"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/reports/ctdc/", {"year": "2026"})
    stored = StoredReport.objects.get()
    assert (stored.period_start, stored.period_end) == (date(2026, 1, 1), date(2026, 12, 31))
    download = client.get(f"/reports/stored/{stored.pk}/files/ctdc/")
    assert download.status_code == 200
    exports = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).order_by("pk")
    assert [entry.details["format"] for entry in exports] == ["csv", "xlsx", "ctdc"]
