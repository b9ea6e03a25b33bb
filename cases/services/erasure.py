"""Erasing a case's identifying details: on the person's request, by a supervisor of the
owning organisation (`erase_case`), or when the retention period after closure has ended
(`erase_for_retention`, the nightly job). What is erased and what stays is declared once, in
cases/erasure.py; this is the one write path that applies it.

Sharing ends first: the case's shares and grants end and its open referrals are withdrawn
through the consent-withdrawal path (cases.signals.consent_withdrawn, handled by the referrals
app), so no other organisation goes on working for, or reading about, a person who asked to be
forgotten, and each receiving desk is told the referral ended (by case number, nothing else).
A case not closed yet is closed by its erasure: there is no one left to work for on it.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.models import AccessLog
from members.access import access_changed

from .. import erasure
from .. import vocabularies as v
from ..models import Case, CaseShare
from ..signals import consent_withdrawn
from .common import history, lock_case, unscoped_cases

Reason = v.ErasureReason


@transaction.atomic
def erase_case(*, case: Case | int, by, reason: str) -> Case:
    """A supervisor erases the case's identifying details, for one of the reasons on the list."""
    locked = lock_case(case, by, "erase")
    if reason not in dict(v.ERASURE_REASONS_ON_REQUEST):
        raise ValidationError(_("Choose why the identifying details are erased."))
    return _erase(locked, by=by, reason=reason)


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Cases closed before this moment have been closed longer than the retention period."""
    now = now or timezone.now()
    years = settings.RETENTION_YEARS_AFTER_CLOSURE
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def due_for_retention(now: datetime | None = None):
    return unscoped_cases().filter(
        status=v.CaseStatus.CLOSED, closed_at__lt=retention_cutoff(now), erased_at=None
    )


@transaction.atomic
def erase_for_retention(case_id: int, now: datetime | None = None) -> Case | None:
    """The retention job's erasure of one case, as the system; None when the case is no longer
    due (reopened, or erased meanwhile)."""
    locked = unscoped_cases().select_for_update(of=("self",)).filter(pk=case_id).first()
    if locked is None or not due_for_retention(now).filter(pk=case_id).exists():
        return None
    return _erase(locked, by=None, reason=Reason.RETENTION)


def _erase(locked: Case, *, by, reason: str) -> Case:
    shares_ended = _end_sharing(locked, by)
    documents = erasure.documents_of(locked.pk)
    stored = [document.file.name for document in documents if document.file.name]
    for document in documents:
        document.delete()
    rows = erasure.erase_rows(locked.pk)
    erasure.erase_case_fields(locked)
    now = timezone.now()
    if locked.status != v.CaseStatus.CLOSED:
        locked.status = v.CaseStatus.CLOSED
        locked.closure_reason = locked.closure_reason or v.ClosureReason.OTHER
        locked.closed_by, locked.closed_at = by, now
    locked.erased_at, locked.erased_by, locked.erasure_reason = now, by, reason
    locked.version += 1
    locked.save()
    if shares_ended:
        access_changed()
    history(locked, by, "erased", "erasure_reason", "", reason)
    log_action(
        by,
        AccessLog.Action.CHANGE,
        locked,
        verb="case.erased",
        reason=reason,
        documents=len(documents),
        rows=rows,
        shares_ended=shares_ended,
    )
    transaction.on_commit(lambda: delete_stored_files(locked.pk, stored))
    return locked


def _end_sharing(locked: Case, by) -> int:
    """End every share and grant of the case, and withdraw its open referrals."""
    could_share = locked.can_share_with_coalition
    if could_share:
        locked.consent_share_coalition = False
        locked.consent_share_law_enforcement = False
        locked.consent_withdrawn_at = timezone.localdate()
    shares = list(CaseShare.objects.filter(case=locked, ended_at=None))
    for share in shares:
        share.ended_at = timezone.now()
        share.save(update_fields=["ended_at"])
    locked.save(
        update_fields=[
            "consent_share_coalition",
            "consent_share_law_enforcement",
            "consent_withdrawn_at",
        ]
    )
    consent_withdrawn.send(sender=Case, case=locked, by=by)
    return len(shares)


def delete_stored_files(case_id: int, names: list[str]) -> None:
    """After the commit (a rollback keeps them): the documents' files, and anything else left
    in the case's folder."""
    for name in names:
        default_storage.delete(name)
    folder = erasure.document_folder(case_id)
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")
