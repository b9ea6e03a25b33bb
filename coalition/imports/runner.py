"""An import from upload to result: store the file, preview it (a dry run of every row through
the services, rolled back), and apply it (the same run, kept, in one transaction: any error and
nothing is kept). Large files run in a Celery job; the person can leave and come back."""

import hashlib
import logging
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..audit import log_action
from ..encrypted_storage import seal, unseal
from ..models import AccessLog, ImportJob
from ..queueing import publish, queue_on_commit
from . import REGISTRY
from .files import ROW_NUMBER, FileProblem, file_format, read_dataset

logger = logging.getLogger(__name__)

MAX_ERRORS_KEPT = 500


def progress_key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def progress_of(job: ImportJob) -> int:
    try:
        return int(cache.get(progress_key(job.pk)) or 0)
    except Exception:
        return 0


def _set_progress(job_id: int, rows: int) -> None:
    try:
        cache.set(progress_key(job_id), rows, 3600)
    except Exception:
        logger.warning("Could not record the progress of import %s", job_id)


def _path(job: ImportJob) -> Path:
    return Path(settings.IMPORT_ROOT) / job.stored_name


def _language_of(by) -> str:
    staff = getattr(by, "staff", None)
    return getattr(staff, "language", None) or translation.get_language() or "en"


@transaction.atomic
def start_import(*, kind: str, by, organization, file_name: str, data: bytes) -> ImportJob:
    """Keep the uploaded file (outside the web root) and queue its check. A file that cannot be
    an import at all (too big, not CSV or XLSX, empty) is refused here with a FileProblem."""
    entry = REGISTRY[kind]
    if not entry.may_import(by):
        raise PermissionDenied
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(mb)d MB. Split it into smaller files and send each.")
            % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    extension = file_format(file_name)
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    root = Path(settings.IMPORT_ROOT)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = f"{uuid.uuid4().hex}.{extension}"
    path = root / stored_name
    path.write_bytes(seal(data))  # a spreadsheet of past cases names every survivor in it
    path.chmod(0o600)
    job = ImportJob.objects.create(
        kind=kind,
        organization=organization,
        created_by=by,
        language=_language_of(by),
        file_name=file_name[:200],
        stored_name=stored_name,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    log_action(by, AccessLog.Action.CREATE, job, verb=f"import.{kind}.uploaded", size=len(data))
    from .. import tasks  # the tasks module imports this one

    queue_on_commit(tasks.check_import, job.pk)
    return job


def canonical_headers(dataset, resource_class) -> None:
    """Rename the file's headers (English or Urdu, any case) to the template's English ones;
    unknown, repeated or missing columns are a FileProblem naming them."""
    lookup = {}
    for column in resource_class.COLUMNS:
        lookup[column.header.casefold()] = column.header
        lookup[column.header_ur.strip().casefold()] = column.header
    secret = [h for h in dataset.headers if "password" in str(h).casefold() or "پاس ورڈ" in str(h)]
    if secret:
        raise FileProblem(
            _(
                "This file has a password column. Delete the file: passwords are never sent in "
                "a file. Each person is sent a link to choose their own."
            )
        )
    renamed, unknown = [], []
    for header in dataset.headers:
        if header == ROW_NUMBER:
            renamed.append(header)
            continue
        known = lookup.get(str(header).strip().casefold())
        if known is None:
            unknown.append(str(header))
        renamed.append(known or header)
    if unknown:
        raise FileProblem(
            _("These columns are not known: %(columns)s. Use the columns listed on this page.")
            % {"columns": ", ".join(unknown)}
        )
    repeated = sorted({h for h in renamed if renamed.count(h) > 1})
    if repeated:
        raise FileProblem(
            _("These columns appear twice: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    missing = [c for c in resource_class.COLUMNS if c.required and c.header not in renamed]
    if missing:
        language = translation.get_language() or "en"
        raise FileProblem(
            _("These columns are missing: %(columns)s.")
            % {"columns": ", ".join(c.header_for(language) for c in missing)}
        )
    dataset.headers = renamed


def _row_errors(dataset, result, resource_class, language: str) -> list[dict]:
    numbers = dataset.get_col(dataset.headers.index(ROW_NUMBER))
    errors = []
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = resource_class.column_of(attribute)
            label = column.header_for(language) if column else ""
            if attribute != NON_FIELD_ERRORS and column is None:
                label = attribute
            for message in messages:
                errors.append(
                    {"row": numbers[invalid.number - 1], "column": label, "message": message}
                )
    for number, row_errors in result.row_errors():
        for error in row_errors:
            logger.warning("Import row failed", exc_info=error.error)
            errors.append(
                {
                    "row": numbers[number - 1],
                    "column": "",
                    "message": _("This row could not be imported (%(error)s).")
                    % {"error": type(error.error).__name__},
                }
            )
    for error in result.base_errors:
        logger.warning("Import failed", exc_info=error.error)
        errors.append(
            {
                "row": 0,
                "column": "",
                "message": _(
                    "The rows could not be saved together (%(error)s). Send the file again."
                )
                % {"error": type(error.error).__name__},
            }
        )
    errors.sort(key=lambda e: (e["row"], e["column"]))
    return errors


def _run(job: ImportJob, *, dry_run: bool):
    """Read the file and run every row; returns (counts, errors, warnings). Rolled back on a
    dry run or on any error."""
    entry = REGISTRY[job.kind]
    dataset = read_dataset(
        unseal(_path(job).read_bytes()), job.file_name, max_bytes=settings.IMPORT_MAX_BYTES
    )
    canonical_headers(dataset, entry.resource)
    job.total_rows = len(dataset)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows)
    resource = entry.resource(
        by=job.created_by,
        organization=job.organization,
        progress=lambda rows: _set_progress(job.pk, rows),
    )
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True)
        errors = _row_errors(dataset, result, entry.resource, job.language)
        if dry_run or errors:
            transaction.set_rollback(True)
    totals = result.totals
    counts = {"new": totals["new"], "update": totals["update"], "skip": totals["skip"]}
    job.outcomes = [list(outcome) for outcome in resource.outcomes]
    return counts, errors, getattr(resource, "warnings", [])


def _attempt(job: ImportJob, *, dry_run: bool):
    """_run, with a file that cannot be read, or anything unforeseen, as the job's one error
    (the job never stays "being checked" for ever)."""
    with translation.override(job.language):
        try:
            with transaction.atomic():
                counts, errors, warnings = _run(job, dry_run=dry_run)
                if not dry_run and not errors:
                    log_action(
                        job.created_by,
                        AccessLog.Action.IMPORT,
                        job,
                        verb=f"import.{job.kind}",
                        **counts,
                    )
            return counts, errors, warnings
        except FileProblem as problem:
            message = str(problem)
        except Exception:
            logger.exception("Import %s failed", job.pk)
            message = _("The file could not be imported. Nothing was saved. Try again later.")
    job.outcomes = []
    return {}, [{"row": 0, "column": "", "message": message}], []


def _finish(job: ImportJob, result, *, passed: str, failed: str) -> None:
    counts, errors, warnings = result
    job.counts = counts
    job.errors = errors[:MAX_ERRORS_KEPT]
    job.warnings = warnings[:MAX_ERRORS_KEPT]
    job.status = failed if errors else passed
    job.finished_at = timezone.now()
    fields = ["counts", "errors", "warnings", "outcomes", "status", "finished_at", "total_rows"]
    job.save(update_fields=fields)


def check_import(job_id: int) -> None:
    """The preview: every row read and checked, in a transaction that is rolled back."""
    job = ImportJob.objects.select_related("created_by", "organization").get(pk=job_id)
    if job.status != ImportJob.Status.CHECKING:
        return
    result = _attempt(job, dry_run=True)
    _finish(job, result, passed=ImportJob.Status.PREVIEWED, failed=ImportJob.Status.REJECTED)
    if job.errors:
        _forget_file(job)


@transaction.atomic
def confirm_import(*, job: ImportJob, by) -> ImportJob:
    """Ask for a previewed import without errors to be applied; only its own importer may."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.created_by_id != by.pk or not REGISTRY[job.kind].may_import(by):
        raise PermissionDenied
    if not job.may_be_confirmed:
        raise ValidationError(_("Only a checked file without errors can be imported."))
    job.status = ImportJob.Status.IMPORTING
    job.save(update_fields=["status"])
    _set_progress(job.pk, 0)
    from .. import tasks

    queue_on_commit(tasks.apply_import, job.pk)
    return job


def apply_import(job_id: int) -> None:
    """Every row in one transaction, through the services; any error and nothing is kept.

    The job's row stays locked while it is applied, and a second task for the same job (the
    periodic job queues confirmed imports again: their first task may have been lost) skips a
    locked job and finds an applied one done: no import is applied twice."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("created_by", "organization")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status != ImportJob.Status.IMPORTING:
            return  # being applied by another task, or no longer waiting
        result = _attempt(job, dry_run=False)
        _finish(job, result, passed=ImportJob.Status.DONE, failed=ImportJob.Status.FAILED)
    _forget_file(job)


def resume_stalled() -> int:
    """Queue again the work nobody may be doing (the broker was down when it was queued, or
    the worker stopped):
    - checks still "being checked" once none could be running (a check's task is stopped at
      REPORT_BUILD_TIME_LIMIT): a check reads and rolls back, but two at once would both write
      the preview;
    - confirmed imports not yet applied, whatever their age: applying one twice is harmless
      (`apply_import` locks it and skips a locked or finished job).
    Returns how many were queued."""
    from .. import tasks

    stale = timezone.now() - timedelta(seconds=settings.REPORT_BUILD_STALE_SECONDS)
    checks = ImportJob.objects.filter(status=ImportJob.Status.CHECKING, created_at__lt=stale)
    imports = ImportJob.objects.filter(status=ImportJob.Status.IMPORTING)
    queued = sum(publish(tasks.check_import, pk) for pk in checks.values_list("pk", flat=True))
    return queued + sum(
        publish(tasks.apply_import, pk) for pk in imports.values_list("pk", flat=True)
    )


def _forget_file(job: ImportJob) -> None:
    """The file holds survivors' data: it is kept only while the import may still be applied."""
    if job.stored_name:
        _path(job).unlink(missing_ok=True)
        ImportJob.objects.filter(pk=job.pk).update(stored_name="")
