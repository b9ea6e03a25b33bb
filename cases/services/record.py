"""Writes on the full record around a case: perpetrators and their links, events, the migrant
smuggling record, identity documents, the accused of a proceeding, hearing results, and the
summary for police or FIA.

Each starts with `lock_case(case, by, "<action>")`. The organisation that writes a row owns it:
a receiving organisation with the exploitation section shared records its own rows there and
changes only those. Identifiers never reach the history or the access log: the log gets field
names, the history codes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from coalition.audit import log_action
from coalition.models import AccessLog

from .. import access
from ..models import Case, Hearing, LegalProceeding
from ..record_models import Accused, CaseEvent, IdentityDocument, Perpetrator, SmugglingRecord
from ..validators import validate_cnic, validate_phone
from .common import history, lock_case


def _writer_org_id(by) -> int:
    return access.facts_of(by).organization_id


def _save_row(
    row, *, by, add: str, change: str, verb: str, changed=None, case_action=None, seen=()
):
    """Create (no pk yet) or update one row of the record: lock the case, check the action (and,
    on an update, that the stored row is one the user may change), validate, save, log."""
    creating = row.pk is None
    case = lock_case(row.case_id, by, case_action or add)
    if creating:
        row.organization_id = _writer_org_id(by)
        row.created_by = by
    else:
        stored = type(row).objects.with_scopes_disabled().get(pk=row.pk, case_id=case.pk)
        if change != (case_action or add):
            access.require(by, change, case, row=stored)
        row.organization_id = stored.organization_id
        row.created_by_id = stored.created_by_id
    row.case = case
    _require_seen(by, seen)
    row.full_clean()
    row.save()
    what = f"{verb}_added" if creating else f"{verb}_updated"
    history(case, by, what)
    log_action(
        by,
        AccessLog.Action.CHANGE,
        case,
        verb=f"case.{what}",
        row=row.pk,
        fields=sorted(changed or []),
    )
    return row


def _require_seen(by, perpetrator_ids) -> None:
    """Perpetrators named on a row must be ones the user sees: a receiver without the
    exploitation section cannot reach them through an event, an agent or an accused."""
    wanted = {pk for pk in perpetrator_ids if pk}
    if wanted and Perpetrator.objects.visible_to(by).filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError(_("Choose perpetrators recorded on this case."))


def _clean_identifiers(perpetrator: Perpetrator) -> None:
    errors = {}
    for name, check in (("cnic", validate_cnic), ("phone", validate_phone)):
        value = getattr(perpetrator, name)
        if value:
            try:
                setattr(perpetrator, name, check(value))
            except ValidationError as error:
                errors[name] = error.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_perpetrator(*, perpetrator: Perpetrator, by, changed=None) -> Perpetrator:
    _clean_identifiers(perpetrator)
    if perpetrator.pk is not None:
        stored = Perpetrator.objects.with_scopes_disabled().get(pk=perpetrator.pk)
        perpetrator.same_as_id = stored.same_as_id  # changed only by link_perpetrators
    return _save_row(
        perpetrator,
        by=by,
        add="add_exploitation_detail",
        change="change_exploitation_detail",
        verb="perpetrator",
        changed=changed,
    )


@transaction.atomic
def link_perpetrators(*, perpetrator: Perpetrator, same_as: Perpetrator | None, by) -> Perpetrator:
    """Record that `perpetrator` is the same person as `same_as`, recorded on another case of the
    same organisation (None undoes the link). The other case must be one the user sees; a case
    of another organisation is never linked, so a link never shows it."""
    case = lock_case(perpetrator.case_id, by, "add_exploitation_detail")
    stored = Perpetrator.objects.with_scopes_disabled().select_for_update().get(pk=perpetrator.pk)
    access.require(by, "change_exploitation_detail", case, row=stored)
    root = None
    if same_as is not None:
        other = (
            Perpetrator.objects.visible_to(by)
            .filter(pk=same_as.pk, case__organization_id=case.organization_id)
            .select_related("case")
            .first()
        )
        if other is None or other.case_id == case.pk:
            raise ValidationError(
                _("Choose a perpetrator recorded on another case of this organisation.")
            )
        root = other.same_as_id or other.pk
        if root == stored.pk:
            raise ValidationError(_("These two are already linked."))
    stored.same_as_id = root
    stored.save(update_fields=["same_as", "updated_at"])
    if root is not None:
        # Whoever was linked to this one now hangs off the same root: the network stays flat.
        Perpetrator.objects.with_scopes_disabled().filter(same_as_id=stored.pk).update(
            same_as_id=root
        )
    history(case, by, "perpetrator_linked" if root else "perpetrator_unlinked")
    log_action(
        by,
        AccessLog.Action.CHANGE,
        case,
        verb="case.perpetrator_linked" if root else "case.perpetrator_unlinked",
        row=stored.pk,
    )
    return stored


@transaction.atomic
def save_event(*, event: CaseEvent, by, perpetrators=None, changed=None) -> CaseEvent:
    saved = _save_row(
        event,
        by=by,
        add="add_exploitation_detail",
        change="change_exploitation_detail",
        verb="event",
        changed=changed,
    )
    if perpetrators is not None:
        _require_seen(by, [p.pk for p in perpetrators])
        wrong = [p for p in perpetrators if p.case_id != saved.case_id]
        if wrong:
            raise ValidationError(_("Choose perpetrators recorded on this case."))
        with scopes_disabled():  # the case's own rows, checked above
            saved.perpetrators.set(perpetrators)
    return saved


@transaction.atomic
def save_smuggling_record(*, record: SmugglingRecord, by, changed=None) -> SmugglingRecord:
    if record.pk is None:
        existing = SmugglingRecord.objects.with_scopes_disabled().filter(case_id=record.case_id)
        if existing.exists():
            raise ValidationError(_("This case already has a smuggling record."))
    if record.family_contact_phone:
        try:
            record.family_contact_phone = validate_phone(record.family_contact_phone)
        except ValidationError as error:
            raise ValidationError({"family_contact_phone": error.messages}) from None
    return _save_row(
        record,
        by=by,
        add="add_exploitation_detail",
        change="change_exploitation_detail",
        verb="smuggling",
        changed=changed,
        seen=[record.agent_id],
    )


@transaction.atomic
def save_identity_document(*, document: IdentityDocument, by, changed=None) -> IdentityDocument:
    """Identity documents are the owner's, with the survivor's contact details: `edit`."""
    return _save_row(document, by=by, add="edit", change="edit", verb="identity_document")


@transaction.atomic
def save_accused(*, accused: Accused, by, changed=None) -> Accused:
    proceeding = LegalProceeding.objects.with_scopes_disabled().get(pk=accused.proceeding_id)
    case = lock_case(proceeding.case_id, by, "add_legal")
    # An accused is added to a proceeding the user may change: a receiver's own proceedings.
    access.require(by, "change_legal", case, row=proceeding)
    accused.case_id = proceeding.case_id
    return _save_row(
        accused,
        by=by,
        add="add_legal",
        change="change_legal",
        verb="accused",
        changed=changed,
        case_action="add_legal",
        seen=[accused.perpetrator_id],
    )


@transaction.atomic
def set_hearing_result(*, hearing: Hearing, by, result: str) -> Hearing:
    proceeding = LegalProceeding.objects.with_scopes_disabled().get(pk=hearing.proceeding_id)
    case = lock_case(proceeding.case_id, by, "add_legal")
    access.require(by, "change_legal", case, row=proceeding)
    stored = Hearing.objects.with_scopes_disabled().select_for_update().get(pk=hearing.pk)
    stored.result = result
    stored.full_clean()
    stored.save(update_fields=["result"])
    history(case, by, "hearing_result", "hearing", "", stored.date.isoformat())
    log_action(by, AccessLog.Action.CHANGE, case, verb="case.hearing_result", hearing=stored.pk)
    return stored


def may_produce_police_summary(case: Case) -> bool:
    """Consent to share with police or FIA is recorded and not withdrawn."""
    return case.consent_share_law_enforcement and case.consent_withdrawn_at is None


@transaction.atomic
def produce_police_summary(*, case: Case, by) -> Case:
    """The case as it is now, for the summary page: only with consent to share with police or
    FIA, and logged as an export."""
    locked = lock_case(case, by, "produce_police_summary")
    if not may_produce_police_summary(locked):
        raise ValidationError(
            _(
                "The person has not consented to sharing with police or FIA. Record that consent "
                "first; without it no summary can be produced."
            )
        )
    log_action(by, AccessLog.Action.EXPORT, locked, verb="case.police_summary")
    return locked
