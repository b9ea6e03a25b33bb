"""What identifies a survivor, declared once: the fields blanked and the rows removed when a
case's identifying details are erased (on request, cases/services/erasure.py, or when the
retention period after closure ends, cases/jobs.py).

Erased: names, numbers (CNIC, phone, identity documents, FIR and complaint numbers), dates of
birth, where the person is, and every free text written about the case (what happened, notes,
descriptions, places typed in words, referral and transfer reasons): free text can name or place
the person. Documents are deleted, files and rows.
Kept: what the reports count, all of it codes, numbers or dates: sex, gender identity, the age
(a date of birth becomes the age at intake), nationality, province and district codes, the
exploitation's coded facts and facets, needs, services delivered, legal stages and outcomes,
referrals and their outcomes, dates and statuses. The case number stays, so the paper trail
(and the access log, which names no one) still points at the case.

Every value is changed on the model instance and saved with `save()`, never with a queryset
update: whatever a model derives from a field when it is saved (a search column, a keyed hash)
is derived again from the blank value. Rows of apps above this one (referrals) are named by
label: cases never imports them.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models

# On the case itself. The keyed hashes and name tokens beside these are derived on save, so they
# are blanked with them.
CASE_FIELDS = (
    "full_name",
    "alias",
    "relative_name",
    "cnic",
    "phone",
    "date_of_birth",
    "current_location",
    "external_reference",
    "summary",
    "needs_notes",
    "disability",
    "recruitment_place",
    "exploitation_location",
    "route",
    "closure_note",
)


@dataclass(frozen=True)
class RowFields:
    """The identifying fields of the rows of one model on a case."""

    model: str  # "app_label.ModelName"
    case_path: str  # the lookup from a row to its case's id
    fields: tuple[str, ...]


ROW_FIELDS = (
    RowFields("cases.Note", "case_id", ("text",)),
    RowFields("cases.ServiceDelivery", "case_id", ("description",)),
    RowFields("cases.LegalProceeding", "case_id", ("complaint_number", "fir_number")),
    RowFields("cases.Hearing", "proceeding__case_id", ("purpose", "result")),
    RowFields("cases.ConsentEvent", "case_id", ("note",)),
    RowFields("cases.Perpetrator", "case_id", ("name", "alias", "cnic", "phone", "description")),
    RowFields("cases.CaseEvent", "case_id", ("city", "description")),
    RowFields(
        "cases.SmugglingRecord",
        "case_id",
        (
            "family_contact_name",
            "family_contact_phone",
            "intercepted_where",
            "detained_where",
            "fate_where",
            "route",
            "reintegration_plan",
        ),
    ),
    RowFields("cases.IdentityDocument", "case_id", ("document_number",)),
    RowFields("cases.Accused", "case_id", ("name",)),
    RowFields("cases.CaseTransfer", "case_id", ("reason", "answer_note")),
    RowFields("referrals.Referral", "case_id", ("reason", "response_note", "outcome_note")),
    RowFields("referrals.ReferralEvent", "referral__case_id", ("note",)),
    # A helpline call names no one (cases/helpline/models.py): nothing on it to erase.
)

# Rows removed outright, with their files.
DOCUMENTS = "cases.Document"

# The case history keeps old and new values; those of an erased field are blanked (the reason
# typed when a case is reopened is kept under "reason", a name the list above already holds).
ERASED_FIELD_NAMES = frozenset(CASE_FIELDS) | {f for row in ROW_FIELDS for f in row.fields}


def blank(field: models.Field):
    return None if field.null else ""


def erase_on(instance: models.Model, names) -> bool:
    """Blank `names` on the instance and save it whole; whether anything was there to erase."""
    changed = False
    for name in names:
        field = instance._meta.get_field(name)
        if getattr(instance, field.attname) not in (None, ""):
            setattr(instance, field.attname, blank(field))
            changed = True
    if changed:
        instance.save()
    return changed


def _rows(label: str, case_path: str, case_id: int) -> Iterator[models.Model]:
    model = apps.get_model(label)
    return model._base_manager.filter(**{case_path: case_id}).order_by("pk").iterator()


def erase_rows(case_id: int) -> dict[str, int]:
    """Blank the identifying fields of every row on the case; how many rows of each model
    changed (counts only: they go to the access log)."""
    counts: dict[str, int] = {}
    for row in ROW_FIELDS:
        changed = sum(erase_on(obj, row.fields) for obj in _rows(row.model, row.case_path, case_id))
        if changed:
            counts[row.model.split(".")[1].lower()] = changed
    changes = _rows("cases.CaseChange", "case_id", case_id)
    blanked = sum(erase_on(change, ("old", "new")) for change in changes if _erased_change(change))
    if blanked:
        counts["casechange"] = blanked
    return counts


def _erased_change(change) -> bool:
    return change.field in ERASED_FIELD_NAMES


def erase_case_fields(case) -> None:
    """Blank the case's own identifying fields (not saved: the service saves the case once).
    A date of birth gives way to the age at intake, which the reports band."""
    if case.date_of_birth:
        born, on = case.date_of_birth, case.intake_date
        case.estimated_age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for name in CASE_FIELDS:
        field = case._meta.get_field(name)
        setattr(case, field.attname, blank(field))


def documents_of(case_id: int) -> list[models.Model]:
    return list(_rows(DOCUMENTS, "case_id", case_id))


def document_folder(case_id: int) -> str:
    """Where a case's documents are stored (cases.models.document_path)."""
    return f"cases/{case_id}"
