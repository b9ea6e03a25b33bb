"""A case's history as its reader sees it: the stored codes and ids put into words, in the
reader's language, when the page is shown (a row stores `status: closed`, never "Closed")."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from members.geography import district_label
from members.models import Service, Staff

from .models import FACET_VOCABULARIES, Case, CaseChange, CaseFacet, ConsentEvent
from .record_vocabularies import HISTORY_WHAT
from .vocabularies import LegalStage

WHAT = {
    "created": _("Case opened"),
    "imported": _("Imported from a spreadsheet"),
    "changed": _("Changed"),
    "assigned": _("Caseworker assigned"),
    "status_changed": _("Status changed"),
    "closure_requested": _("Closure requested"),
    "closed": _("Case closed"),
    "closure_sent_back": _("Closure sent back"),
    "reopened": _("Case reopened"),
    "follow_up_set": _("Follow-up date set"),
    "service_recorded": _("Service recorded"),
    "legal_added": _("Legal proceeding added"),
    "legal_updated": _("Legal proceeding updated"),
    "hearing_added": _("Hearing added"),
    "access_granted": _("File opened to a named person"),
    "access_revoked": _("Named person's access ended"),
    "transfer_proposed": _("Transfer to another member proposed"),
    "transfer_withdrawn": _("Transfer withdrawn"),
    "transferred": _("Case transferred to another member"),
}
WHAT |= {f"consent_{kind}": label for kind, label in ConsentEvent.Kind.choices}
WHAT |= HISTORY_WHAT  # the full record's rows
OTHER_FIELDS = {
    "service": _("service"),
    "hearing": _("hearing date"),
    "user": _("person"),
    "reason": _("reason"),
    "stage": _("stage"),
}


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    by: str
    what: str
    field: str
    old: str
    new: str


def history_rows(changes: list[CaseChange]) -> list[HistoryRow]:
    """Put a page of history rows into words, with one query per kind of id they mention."""
    names = _names(changes)
    return [
        HistoryRow(
            at=change.at,
            by=_person(change.by) if change.by else str(_("system")),
            what=str(WHAT.get(change.what, change.what)),
            field=_field_label(change.field),
            old=_value(change.field, change.old, names),
            new=_value(change.field, change.new, names),
        )
        for change in changes
    ]


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _names(changes: list[CaseChange]) -> dict[str, dict[str, str]]:
    def ids(field: str) -> set[int]:
        values = {v for c in changes if c.field == field for v in (c.old, c.new)}
        return {int(v) for v in values if v.isdigit()}

    staff = Staff.objects.filter(pk__in=ids("assigned_to")).select_related("user")
    users = get_user_model().objects.filter(pk__in=ids("user"))
    codes = {v for c in changes if c.field == "service" for v in (c.old, c.new) if v}
    return {
        "assigned_to": {str(s.pk): s.display_name for s in staff},
        "user": {str(u.pk): _person(u) for u in users},
        "service": {s.code: s.display_name for s in Service.objects.filter(code__in=codes)},
    }


def _field_label(field: str) -> str:
    if not field:
        return ""
    if field in FACET_VOCABULARIES:
        return str(CaseFacet.Facet(field).label)
    if field in OTHER_FIELDS:
        return str(OTHER_FIELDS[field])
    try:
        return str(Case._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def _value(field: str, value: str, names: dict[str, dict[str, str]]) -> str:
    if value == "":
        return ""
    if field in names:
        return names[field].get(value, value)
    if field in FACET_VOCABULARIES:
        labels = dict(FACET_VOCABULARIES[field].choices)
        return ", ".join(str(labels.get(code, code)) for code in value.split(","))
    if field in ("current_district", "origin_district"):
        return district_label(value)
    if field == "stage":
        return str(dict(LegalStage.choices).get(value, value))
    try:
        model_field = Case._meta.get_field(field)
    except FieldDoesNotExist:
        return value
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.get_internal_type() == "BooleanField":
        return str(_("Yes") if value == "True" else _("No"))
    return value
