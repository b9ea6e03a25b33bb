"""Rows written on a case: notes, documents, services delivered, legal proceedings, hearings.

The organisation that writes a row owns it: a receiving organisation records its own work on a
shared case, and changes only what it wrote itself.
"""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition import idempotency
from coalition.audit import log_action
from coalition.models import AccessLog
from members.models import Service

from .. import access
from .. import vocabularies as v
from ..duplicates import identifier_hash
from ..models import Case, Document, Hearing, LegalProceeding, Note, ServiceDelivery
from ..text import digits_only, normalise_for_search
from ..validators import normalise_cnic, normalise_phone
from .common import history, lock_case

logger = logging.getLogger(__name__)


def _writer_org_id(by) -> int:
    return access.facts_of(by).organization_id


@transaction.atomic
def add_note(
    *,
    case: Case,
    by,
    text: str,
    kind: str = v.NoteKind.NOTE,
    confidential: bool = False,
    idempotency_key: str = "",
) -> Note:
    locked = lock_case(case, by, "add_note")
    earlier = idempotency.earlier_result(by=by, key=idempotency_key, purpose="case.note")
    if earlier is not None:
        return Note.objects.with_scopes_disabled().get(pk=earlier)
    note = Note(
        case=locked,
        organization_id=_writer_org_id(by),
        author=by,
        kind=kind,
        text=text,
        confidential=confidential,
    )
    note.full_clean()
    note.save()
    idempotency.remember(by=by, key=idempotency_key, purpose="case.note", target=note)
    log_action(by, AccessLog.Action.CHANGE, locked, verb="case.note_added", note=note.pk)
    return note


@transaction.atomic
def add_document(
    *,
    case: Case,
    by,
    uploaded,
    doc_type: str,
    description: str = "",
    confidential: bool = False,
    content_type: str,
) -> Document:
    locked = lock_case(case, by, "add_document")
    document = Document(
        case=locked,
        organization_id=_writer_org_id(by),
        uploaded_by=by,
        doc_type=doc_type,
        description=description,
        original_name=uploaded.name[:200],
        content_type=content_type,
        size=uploaded.size,
        confidential=confidential,
    )
    try:
        document.file.save(uploaded.name, uploaded, save=False)
    except OSError as error:
        logger.exception("A document could not be stored")
        raise ValidationError(
            _(
                "The document could not be stored on the server (its disk may be full). Nothing "
                "was saved: tell your administrator, then send it again."
            )
        ) from error
    # The file is on disk: should its row not be written, nothing would name it; it goes too.
    try:
        document.full_clean()
        document.save()
    except BaseException:
        document.file.delete(save=False)
        raise
    log_action(
        by, AccessLog.Action.CHANGE, locked, verb="case.document_added", document=document.pk
    )
    return document


@transaction.atomic
def record_service(
    *, case: Case, by, service: Service, delivered_on: date, description: str = ""
) -> ServiceDelivery:
    locked = lock_case(case, by, "record_service")
    delivery = ServiceDelivery(
        case=locked,
        organization_id=_writer_org_id(by),
        service=service,
        delivered_on=delivered_on,
        delivered_by=by,
        description=description,
    )
    delivery.full_clean()
    delivery.save()
    history(locked, by, "service_recorded", "service", "", service.code)
    log_action(
        by, AccessLog.Action.CHANGE, locked, verb="case.service_recorded", service=service.code
    )
    return delivery


@transaction.atomic
def save_proceeding(*, proceeding: LegalProceeding, by, changed: list[str] | None = None):
    """Create (no pk yet) or update a legal proceeding that a form has filled in."""
    creating = proceeding.pk is None
    if creating:
        case = lock_case(proceeding.case_id, by, "add_legal")
        proceeding.organization_id = _writer_org_id(by)
        proceeding.created_by = by
    else:
        case = lock_case(proceeding.case_id, by, "add_legal")
        stored = LegalProceeding.objects.with_scopes_disabled().get(pk=proceeding.pk)
        access.require(by, "change_legal", case, row=stored)
        proceeding.organization_id = stored.organization_id
    proceeding.full_clean()
    proceeding.save()
    verb = "legal_added" if creating else "legal_updated"
    history(case, by, verb, "stage", "", proceeding.stage)
    log_action(
        by,
        AccessLog.Action.CHANGE,
        case,
        verb=f"case.{verb}",
        proceeding=proceeding.pk,
        fields=sorted(changed or []),
    )
    return proceeding


@transaction.atomic
def add_hearing(
    *, proceeding: LegalProceeding, by, on: date, purpose: str = "", result: str = ""
) -> Hearing:
    case = lock_case(proceeding.case_id, by, "add_legal")
    access.require(by, "change_legal", case, row=proceeding)
    hearing = Hearing(proceeding=proceeding, date=on, purpose=purpose, result=result)
    hearing.full_clean()
    hearing.save()
    history(case, by, "hearing_added", "hearing", "", on.isoformat())
    log_action(by, AccessLog.Action.CHANGE, case, verb="case.hearing_added", hearing=hearing.pk)
    return hearing


@transaction.atomic
def open_proceeding(
    *, proceeding: LegalProceeding, by, first_hearing: date | None = None, purpose: str = ""
) -> LegalProceeding:
    """A new complaint or FIR and, when it is already set, its first hearing: one page, one
    transaction (either both are saved or neither)."""
    save_proceeding(proceeding=proceeding, by=by)
    if first_hearing is not None:
        add_hearing(proceeding=proceeding, by=by, on=first_hearing, purpose=purpose)
    return proceeding


def record_case_view(*, case: Case, by, page: str = "case") -> None:
    # One insert, atomic by itself: no transaction around it (two statements more per view).
    log_action(by, AccessLog.Action.VIEW, case, verb=f"case.viewed.{page}")


@transaction.atomic
def record_document_download(*, document: Document, by) -> None:
    log_action(
        by,
        AccessLog.Action.DOWNLOAD,
        document,
        verb="case.document_downloaded",
        doc_type=document.doc_type,
    )


def search_kind(text: str) -> str:
    """What a case-list search looked for, as the log says it: never the text itself."""
    digits = digits_only(text)
    if len(digits) == 13 and normalise_cnic(digits):
        return "cnic"
    if len(digits) >= 10 and normalise_phone(text):
        return "phone"
    return "name_or_number"


def record_case_search(*, by, text: str, filters: list[str]) -> None:
    """A case-list search: its kind, the filters used, and a keyed hash of what was searched
    (so that two searches for the same CNIC can be matched by someone holding the key, and no
    one reading the log learns the number)."""
    text = text.strip()
    details: dict = {"filters": sorted(filters)}
    if text:
        kind = search_kind(text)
        value = {
            "cnic": lambda: normalise_cnic(digits_only(text)),
            "phone": lambda: normalise_phone(text),
            "name_or_number": lambda: normalise_for_search(text) or text.upper(),
        }[kind]()
        hash_kind = "search.name" if kind == "name_or_number" else kind  # as duplicate checks
        details.update(kind=kind, searched_hash=identifier_hash(hash_kind, value))
    # One insert, atomic by itself: no transaction around it (two statements more per search).
    log_action(by, AccessLog.Action.SEARCH, None, verb="case.list_searched", **details)
