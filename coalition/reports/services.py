"""Write paths for reports: asking for one, building it, the monthly one, and the access log of
every look at a report's figures and every export.

Each is keyword-only, one transaction, with its access-log entry; builds run in a task. Only the
fixed family of periods is ever counted (rounding.py): a calendar month, quarter or year.
"""

import logging
import uuid
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.models import AccessLog
from coalition.notifications import notify
from coalition.queueing import publish, queue_on_commit
from members.models import Organization, Staff
from members.roles import SECRETARIAT_ROLES

from . import ctdc, summary
from .exports import FORMATS, filename
from .extras import KIND_FILES, MONTHLY_FILES, KindFiles
from .figures import build_report
from .files import BuildFolder
from .models import StoredReport
from .presented import recount_unless_counting
from .queries import stored_reports_of
from .scope import Period, ReportScope

Kind, Status = StoredReport.Kind, StoredReport.Status
logger = logging.getLogger(__name__)


def record_view(*, by, scope: ReportScope, period: Period) -> None:
    """A person looked at a report's figures on the dashboard."""
    # One insert, atomic by itself: no transaction around it (two statements more per view).
    log_action(
        by,
        AccessLog.Action.VIEW,
        None,
        verb="report.viewed",
        organization=scope.organization,
        scope=scope.slug,
        **period.as_details(),
    )


@transaction.atomic
def record_export(*, by, scope: ReportScope, period: Period, fmt: str) -> None:
    """A person downloaded the report they are looking at."""
    log_action(
        by,
        AccessLog.Action.EXPORT,
        None,
        verb="report.exported",
        organization=scope.organization,
        format=fmt,
        scope=scope.slug,
        language=translation.get_language(),
        **period.as_details(),
    )


@transaction.atomic
def record_download(*, by, report: StoredReport, file_key: str) -> None:
    """A person downloaded a stored report's file (a CTDC dataset: with its suppression counts)."""
    log_action(
        by,
        AccessLog.Action.EXPORT,
        report,
        verb="report.exported",
        organization=report.organization,
        format=file_key,
        kind=report.kind,
        **report.summary,
    )


# Kinds only the coalition's scope asks for: their figures are the whole coalition's.
COALITION_KINDS = frozenset({Kind.CTDC, Kind.DONOR})


@transaction.atomic
def request_report(*, scope: ReportScope, by, period: Period, kind: str) -> StoredReport:
    if kind == Kind.MONTHLY or (kind in COALITION_KINDS and not scope.is_coalition):
        raise PermissionDenied
    check_period(period, kind=kind)
    # A second click (or a colleague) asking for a report already being built gets that build.
    pending = (
        stored_reports_of(scope)
        .filter(
            kind=kind,
            period_start=period.start,
            period_end=period.end,
            province=period.province,
            status__in=[Status.QUEUED, Status.RUNNING],
        )
        .first()
    )
    if pending is not None:
        return pending
    report = StoredReport(
        kind=kind,
        organization=scope.organization,
        period_start=period.start,
        period_end=period.end,
        province=period.province,
        requested_by=by,
    )
    report.full_clean()
    report.save()
    log_action(by, AccessLog.Action.CREATE, report, verb="report.requested", kind=kind)
    _queue_build(report)
    return report


def check_period(period: Period, *, kind: str) -> None:
    """Only the fixed family of reports is made (rounding.py); a CTDC dataset, one row per
    person, covers a whole calendar year that has ended, of every province, so that no two
    datasets overlap and a year's dataset does not change from one day to the next."""
    if not period.is_standard():
        raise ValidationError(
            _("Reports cover a calendar month, quarter or year, of one province or all.")
        )
    if kind == Kind.CTDC and (
        period != Period.year(period.start.year) or period.start.year not in Period.ended_years()
    ):
        raise ValidationError(
            _("A CTDC dataset covers a whole calendar year that has ended, of every province.")
        )


def monthly_report(period: Period | None = None) -> StoredReport | None:
    """The coalition's report of a month (the previous one by default), once: a second run for
    the same month makes none and returns None, unless the first failed, which is retried."""
    period = period or Period.previous_month()
    check_period(period, kind=Kind.MONTHLY)
    try:
        with transaction.atomic():
            report = StoredReport.objects.create(
                kind=Kind.MONTHLY, period_start=period.start, period_end=period.end
            )
            log_action(None, AccessLog.Action.CREATE, report, verb="report.scheduled")
            _queue_build(report)
            return report
    except IntegrityError:
        pass
    with transaction.atomic():
        retried = StoredReport.objects.filter(
            kind=Kind.MONTHLY,
            organization__isnull=True,
            period_start=period.start,
            status=Status.FAILED,
        ).update(status=Status.QUEUED, progress=0, build_attempts=0, claim="", claimed_at=None)
        if not retried:
            return None
        report = StoredReport.objects.get(
            kind=Kind.MONTHLY, organization__isnull=True, period_start=period.start
        )
        _queue_build(report)
        return report


def _queue_build(report: StoredReport) -> None:
    from .tasks import build_stored_report

    queue_on_commit(build_stored_report, report.pk)


def build(report_id: int, *, redelivered: bool = False) -> str:
    """Build a report's files, once, even when a worker dies on the way.

    Only the run holding the report's claim builds it. A claim whose worker died (older than the
    build's time limit, or whose task the broker handed out again) is taken over and the report
    rebuilt from the start; its files appear only when every one of them is complete."""
    claim = _claim(report_id, redelivered=redelivered)
    if claim is None:
        return "not queued"
    report = StoredReport.objects.get(pk=report_id)
    folder = BuildFolder(report.pk, claim)
    folder.clear_partial()
    try:
        for key, name, content in _outputs(report):
            folder.write(key, name, content)
    except Exception:
        # Logged for the admins; the report's page says it failed, and a new request (or the
        # next run of the monthly job) tries again.
        logger.exception("Report %s could not be built", report.pk)
        folder.discard()
        StoredReport.objects.filter(pk=report.pk, claim=claim).update(
            status=Status.FAILED, finished_at=timezone.now()
        )
        return Status.FAILED
    with transaction.atomic():
        locked = StoredReport.objects.select_for_update().get(pk=report.pk)
        if locked.claim != claim or locked.status != Status.RUNNING:
            folder.discard()  # taken over meanwhile: the other run finishes it
            return "taken over"
        _set(
            locked,
            files=folder.publish(),
            summary=report.summary,
            status=Status.DONE,
            progress=100,
            finished_at=timezone.now(),
        )
        log_action(
            locked.requested_by,
            AccessLog.Action.CREATE,
            locked,
            verb="report.built",
            kind=locked.kind,
            files=sorted(locked.files),
            **locked.summary,
        )
        if locked.kind == Kind.MONTHLY:
            _announce(locked)
    return Status.DONE


def _claim(report_id: int, *, redelivered: bool) -> str | None:
    """Claim a report for this run: a new claim, or None when it is not this run's to build."""
    now = timezone.now()
    stale_before = now - timedelta(seconds=settings.REPORT_BUILD_STALE_SECONDS)
    with transaction.atomic():
        report = StoredReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            return None
        abandoned = report.status == Status.RUNNING and (
            redelivered or report.claimed_at is None or report.claimed_at < stale_before
        )
        if report.status != Status.QUEUED and not abandoned:
            return None
        if report.build_attempts >= settings.REPORT_BUILD_MAX_ATTEMPTS:
            logger.error("Report %s given up after %s builds", report.pk, report.build_attempts)
            _set(report, status=Status.FAILED, finished_at=now)
            return None
        claim = uuid.uuid4().hex
        _set(
            report,
            status=Status.RUNNING,
            progress=1,
            files={},
            claim=claim,
            claimed_at=now,
            build_attempts=report.build_attempts + 1,
        )
        return claim


def resume_stalled_builds() -> int:
    """Queue again the builds nobody is doing: waiting long (their task was never queued, the
    broker being down) or claimed by a worker that died. Returns how many were queued."""
    from .tasks import build_stored_report

    now = timezone.now()
    stalled = StoredReport.objects.filter(
        Q(status=Status.QUEUED, created_at__lt=now - timedelta(seconds=QUEUED_RESEND_SECONDS))
        | Q(
            status=Status.RUNNING,
            claimed_at__lt=now - timedelta(seconds=settings.REPORT_BUILD_STALE_SECONDS),
        )
        | Q(status=Status.RUNNING, claimed_at__isnull=True)
    ).values_list("pk", flat=True)
    return sum(publish(build_stored_report, pk) for pk in stalled)


# A report still waiting after this long has most likely lost its task: it is queued again
# (a second task for a report being built does nothing).
QUEUED_RESEND_SECONDS = 10 * 60


def period_of(report: StoredReport) -> Period:
    return Period(report.period_start, report.period_end, report.province)


def scope_of(report: StoredReport) -> ReportScope:
    return ReportScope(report.organization)


def _set(report: StoredReport, **fields) -> None:
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(update_fields=list(fields))


def _progress(report: StoredReport, progress: int) -> None:
    StoredReport.objects.filter(pk=report.pk, claim=report.claim).update(progress=progress)


def _outputs(report: StoredReport) -> Iterator[tuple[str, str, bytes]]:
    if report.kind == Kind.CTDC:
        return _build_ctdc(report)
    if report.kind in KIND_FILES:
        return _build_registered(report, KIND_FILES[report.kind])
    return _build_report(report)


def _build_registered(report: StoredReport, kind: KindFiles) -> Iterator[tuple[str, str, bytes]]:
    """The files of a kind another app builds (extras.register_kind_files)."""
    _progress(report, 10)
    for done, output in enumerate(kind.make(period_of(report)), start=1):
        yield output
        _progress(report, 10 + 90 * done // kind.count - 1)


def _build_report(report: StoredReport) -> Iterator[tuple[str, str, bytes]]:
    """(file key, file name, content) of each of a report's files, as each is made."""
    figures = build_report(scope_of(report), period_of(report))
    _progress(report, 10)
    outputs = [(fmt, code) for code, _name in settings.LANGUAGES for fmt in FORMATS]
    for done, (fmt, language) in enumerate(outputs, start=1):
        with translation.override(language):
            content = FORMATS[fmt].render(figures)
            yield f"{fmt}-{language}", filename(figures, fmt, language), content
        _progress(report, 10 + 90 * done // len(outputs) - 1)
    if report.kind == Kind.MONTHLY:
        for make in MONTHLY_FILES:
            yield from make(period_of(report))


def _build_ctdc(report: StoredReport) -> Iterator[tuple[str, str, bytes]]:
    period = period_of(report)
    result = ctdc.dataset(period)
    _progress(report, 60)
    report.summary = result.as_summary(settings.SMALL_CELL_THRESHOLD)
    name = f"ctdc-{period.start:%Y-%m-%d}_{period.end:%Y-%m-%d}.csv"
    yield "ctdc", name, ctdc.as_csv(result)


def _announce(report: StoredReport) -> None:
    """Tell the secretariat's analysts and admins that the month's report is ready."""
    recipients = [
        staff.user
        for staff in Staff.objects.filter(
            role__in=SECRETARIAT_ROLES, organization__active=True
        ).select_related("user")
    ]
    notify(
        recipients,
        "monthly_report_ready",
        link=reverse("reports:stored", args=[report.pk]),
        dedupe_key=f"report:monthly:{report.period_start:%Y-%m}",
        period=f"{report.period_start:%Y-%m}",
    )


def recount_dashboards() -> int:
    """The case counts rebuilt (summary.py), then the coalition's and each active member's
    dashboard for the default period counted from them and kept ready to send (presented.py)."""
    summary.rebuild()
    if settings.REPORTS_CACHE_SECONDS <= 0:
        return 0
    period = Period.default()
    scopes = [ReportScope(None)] + [
        ReportScope(organization)
        for organization in Organization.objects.filter(kind=Organization.Kind.MEMBER, active=True)
    ]
    for scope in scopes:
        recount_unless_counting(scope, period)
    return len(scopes)
