"""Retention: a case closed longer ago than RETENTION_YEARS_AFTER_CLOSURE has its identifying
details erased by the nightly job, once; the reports count it as before."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.jobs import erase_expired_cases
from cases.models import Case, Note
from coalition.models import AccessLog
from coalition.reports.figures import build_report
from coalition.reports.scope import ReportScope
from tests.reports.conftest import PERIOD, coalition, small_k  # noqa: F401 (fixtures)


def cases():
    return Case.objects.with_scopes_disabled()


def closed_case(caseworker, supervisor, *, years_ago: float, name: str) -> Case:
    case = case_services.open_case(
        organization=caseworker.organization,
        by=caseworker.user,
        intake_channel="helpline",
        consent_record=True,
        full_name=name,
        cnic="35202-1111111-1",
    )
    case_services.add_note(case=case, by=caseworker.user, text=f"About {name}.")
    case_services.request_closure(case=case, by=caseworker.user, reason="services_completed")
    case_services.approve_closure(
        case=cases().get(pk=case.pk), by=supervisor.user, open_work_confirmed=True
    )
    closed_at = timezone.now() - timedelta(days=round(365.25 * years_ago))
    cases().filter(pk=case.pk).update(closed_at=closed_at)
    return cases().get(pk=case.pk)


@pytest.fixture
def old_and_recent(caseworker_a, supervisor_a):
    old = closed_case(caseworker_a, supervisor_a, years_ago=5.2, name="Old Person")
    recent = closed_case(caseworker_a, supervisor_a, years_ago=4.8, name="Recent Person")
    still_open = case_services.open_case(
        organization=caseworker_a.organization,
        by=caseworker_a.user,
        intake_channel="helpline",
        consent_record=True,
        full_name="Open Person",
    )
    return old, recent, still_open


def test_cases_closed_longer_than_the_period_are_erased_once(old_and_recent, settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 5
    old, recent, still_open = old_and_recent
    assert erase_expired_cases() == 1
    assert erase_expired_cases() == 0
    erased = cases().get(pk=old.pk)
    assert erased.full_name == erased.cnic == ""
    assert erased.erasure_reason == "retention" and erased.erased_by is None
    assert Note.objects.with_scopes_disabled().get(case=erased).text == ""
    assert cases().get(pk=recent.pk).full_name == "Recent Person"
    assert cases().get(pk=still_open.pk).full_name == "Open Person"
    entry = AccessLog.objects.get(verb="case.erased")
    assert entry.actor is None and entry.case_id == old.pk
    assert entry.details["reason"] == "retention"


def test_the_period_is_a_setting(old_and_recent, settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 4
    assert erase_expired_cases() == 2


def test_the_job_runs_nightly_from_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["cases-retention-erasure"]
    assert entry["task"] == "cases.tasks.erase_expired_cases"


def test_the_default_period_is_five_years():
    from django.conf import settings

    assert settings.RETENTION_YEARS_AFTER_CLOSURE == 5


def grids(report) -> dict:
    return {
        table.key: (
            [column.key for column in table.columns],
            {row.key: [cell.text for cell in cells] for row, cells in table.grid()},
        )
        for table in report.tables
    }


def test_the_reports_count_erased_cases_as_before(coalition, org_a, small_k, supervisor_a):  # noqa: F811
    """Every figure stays, except that the open referrals the erasure withdrew now count as
    withdrawn: as many referrals, and as many people referred, as before."""
    scope = ReportScope(org_a)
    before = grids(build_report(scope, PERIOD))
    for case_id in cases().filter(organization=org_a).values_list("pk", flat=True):
        if cases().get(pk=case_id).erased_at is None:
            case_services.erase_case(case=case_id, by=supervisor_a.user, reason="person_asked")
    assert not cases().filter(organization=org_a, erased_at=None).exists()
    after = grids(build_report(scope, PERIOD))
    assert {k: t for k, t in after.items() if k != "sent"} == {
        k: t for k, t in before.items() if k != "sent"
    }
    columns, rows_before = before["sent"]
    rows_after = after["sent"][1]
    total, pending, accepted, withdrawn = (
        columns.index(key) for key in ("total", "pending", "accepted", "withdrawn")
    )
    for row, cells in rows_before.items():
        assert rows_after[row][total] == cells[total]
        assert rows_after[row][pending] == rows_after[row][accepted] == "0"
        opened = int(cells[pending]) + int(cells[accepted]) + int(cells[withdrawn])
        assert int(rows_after[row][withdrawn]) == opened
    assert grids(build_report(ReportScope(None), PERIOD))  # coalition-wide, over erased cases
