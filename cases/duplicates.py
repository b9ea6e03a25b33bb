"""The duplicate check: does a survivor with this CNIC or phone number have a case already?

Asked of every case in the coalition, the question would tell anyone with an account who is a
survivor, and where. So it is asked only here, as an act of its own: every check is in the access
log (the identifier as a keyed hash, never in clear), a person may make only
DUPLICATE_CHECKS_PER_HOUR of them in an hour, and the answer is mediated. The person checking is
shown matches in their own organisation (and cases they may open anyway); a match in another
organisation is not shown to them but opens a "possible duplicate" item for the secretariat
admin, naming the two organisations and nothing about the person, who puts them in touch.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.crypto import keyed_hash
from coalition.models import AccessLog
from coalition.notifications import notify
from members.access import has_org_perm, staff_of
from members.models import Organization
from members.queries import users_in_roles
from members.roles import MANAGE_ORGANIZATIONS, OPEN_CASE, Role

from .models import Case, PossibleDuplicate
from .validators import normalise_cnic, normalise_phone

CHECK_VERB = "case.duplicate_check"
REFUSED_VERB = "case.duplicate_check_refused"
NORMALISE = {"cnic": normalise_cnic, "phone": normalise_phone}


@dataclass
class DuplicateResult:
    """What a check may tell the person who made it: never anything about other organisations.

    `visible`: matching cases they may open. `unseen_here`: a match in their own organisation
    that their role does not show them. `refused`: over the hourly limit, nothing was checked.
    """

    visible: list[Case] = field(default_factory=list)
    unseen_here: bool = False
    refused: bool = False

    def __bool__(self) -> bool:
        return bool(self.visible) or self.unseen_here


def identifier_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 of the normalised identifier (coalition/crypto.py): the same number gives
    the same hash, which no one can reverse without the key, so the log can say which checks
    were of the same number, and the cases' `cnic_hash` and `phone_hash` columns are the same
    hash, which is how a check finds them."""
    return keyed_hash(kind, value)


def checks_in_the_last_hour(user) -> int:
    """Counted from the access log: durable, and the same on every server."""
    since = timezone.now() - timedelta(hours=1)
    return AccessLog.objects.filter(actor=user, verb=CHECK_VERB, at__gte=since).count()


def check_identifiers(*, by, case: Case | None = None, cnic: str = "", phone: str = ""):
    """Check a CNIC and/or phone number against every case; `case` is the one being edited.

    Returns a DuplicateResult. An empty identifier is not checked; with none, nothing is logged.
    """
    identifiers = {
        kind: NORMALISE[kind](value) for kind, value in (("cnic", cnic), ("phone", phone))
    }
    identifiers = {kind: value for kind, value in identifiers.items() if value}
    staff = staff_of(by)
    if staff is None or not has_org_perm(by, OPEN_CASE):
        raise PermissionDenied
    if case is not None and case.organization_id != staff.organization_id:
        raise PermissionDenied
    if not identifiers:
        return DuplicateResult()
    hashes = {kind: identifier_hash(kind, value) for kind, value in identifiers.items()}
    with transaction.atomic():
        # One check at a time per person, so that two at once cannot both pass the limit.
        get_user_model().objects.select_for_update().filter(pk=by.pk).exists()
        if checks_in_the_last_hour(by) >= settings.DUPLICATE_CHECKS_PER_HOUR:
            log_action(
                by,
                AccessLog.Action.VIEW,
                case,
                verb=REFUSED_VERB,
                organization=staff.organization,
                identifiers=hashes,
            )
            return DuplicateResult(refused=True)
        result, matched_elsewhere = _matches(by, staff.organization_id, case, hashes)
        log_action(
            by,
            AccessLog.Action.VIEW,
            case,
            verb=CHECK_VERB,
            organization=staff.organization,
            identifiers=hashes,
            # What the person was shown; a match elsewhere is the secretariat's to know.
            shown="cases" if result.visible else ("unseen_here" if result.unseen_here else "none"),
        )
        for other_id, kind in matched_elsewhere:
            _open_possible_duplicate(staff.organization, other_id, kind, hashes[kind])
    return result


def check_imported_identifiers(
    *, by, rows: list[tuple[int, str, str]], imported_case_ids: set[int]
) -> list[tuple[int, str]]:
    """The duplicate check of an import: the CNICs and phones of its rows (row number, CNIC,
    phone) against every case the import did not itself write. One act for the whole file: one
    access-log entry (the count, and the hashes of the numbers that matched), counted once
    against the hourly limit like a check at intake; a match in another organisation opens the
    secretariat's "possible duplicate" item, exactly as at intake, and is never shown here.

    Returns (row number, identifier kind) of each row that matches a case of the importer's own
    organisation, to be shown in the preview as at intake.
    """
    staff = staff_of(by)
    if staff is None or not has_org_perm(by, OPEN_CASE):
        raise PermissionDenied
    wanted = {"cnic": {}, "phone": {}}  # kind -> hash -> row numbers
    for number, cnic, phone in rows:
        for kind, value in (("cnic", cnic), ("phone", phone)):
            value = NORMALISE[kind](value) if value else ""
            if value:
                wanted[kind].setdefault(identifier_hash(kind, value), []).append(number)
    if not wanted["cnic"] and not wanted["phone"]:
        return []
    found = (
        Case.objects.with_scopes_disabled()
        .filter(Q(cnic_hash__in=list(wanted["cnic"])) | Q(phone_hash__in=list(wanted["phone"])))
        .exclude(pk__in=imported_case_ids)
        .values_list("organization_id", "cnic_hash", "phone_hash")
    )
    here, elsewhere, matched_hashes = set(), set(), set()
    for org_id, cnic_hash, phone_hash in found:
        for kind, digest in (("cnic", cnic_hash), ("phone", phone_hash)):
            if digest not in wanted[kind]:
                continue
            matched_hashes.add(digest)
            if org_id == staff.organization_id:
                here.update((number, kind) for number in wanted[kind][digest])
            else:
                elsewhere.add((org_id, kind, digest))
    log_action(
        by,
        AccessLog.Action.VIEW,
        None,
        verb=CHECK_VERB,
        organization=staff.organization,
        imported=True,
        identifiers=sum(len(values) for values in wanted.values()),
        matched=sorted(matched_hashes),
        shown="import_rows" if here else "none",
    )
    for other_id, kind, digest in sorted(elsewhere):
        _open_possible_duplicate(staff.organization, other_id, kind, digest)
    return sorted(here)


def _matches(by, organization_id: int, case, hashes: dict[str, str]):
    """What the person checking may be shown, and (organisation id, identifier kind) of each
    other organisation's match, for the secretariat. `hashes`: identifier kind -> its hash."""
    everywhere = Case.objects.with_scopes_disabled().filter(
        Q(**{f"{kind}_hash": digest for kind, digest in hashes.items()}, _connector=Q.OR)
    )
    if case is not None:
        everywhere = everywhere.exclude(pk=case.pk)
    rows = list(everywhere.values_list("pk", "organization_id", "cnic_hash", "phone_hash"))
    visible = list(
        Case.objects.visible_to(by)
        .filter(pk__in=[pk for pk, *_rest in rows])
        .only("pk", "number")
        .order_by("number")
    )
    visible_ids = {found.pk for found in visible}
    unseen = [row for row in rows if row[0] not in visible_ids]
    elsewhere = {
        (org_id, kind)
        for _pk, org_id, *values in rows
        if org_id != organization_id
        for kind, value in zip(("cnic", "phone"), values, strict=True)
        if hashes.get(kind) == value
    }
    result = DuplicateResult(
        visible=visible[:10],
        unseen_here=any(org_id == organization_id for _pk, org_id, *_v in unseen),
    )
    return result, sorted(elsewhere)


def _open_possible_duplicate(found_by: Organization, other_id: int, kind: str, digest: str):
    """Open the pair's item for this identifier once, and tell the secretariat admins."""
    low, high = sorted((found_by.pk, other_id))
    try:
        with transaction.atomic():
            item = PossibleDuplicate.objects.create(
                organization_a_id=low,
                organization_b_id=high,
                found_by=found_by,
                identifier_kind=kind,
                identifier_hash=digest,
            )
    except IntegrityError:  # already open (or resolved) for this pair and identifier
        return None
    other = Organization.objects.get(pk=other_id)
    # No actor: the organisation admins' logs show their own staff's entries, and this one
    # names the other organisation.
    log_action(
        None,
        AccessLog.Action.CREATE,
        item,
        verb="case.possible_duplicate_opened",
        organizations=[low, high],
        identifier_kind=kind,
    )
    notify(
        users_in_roles(Role.SECRETARIAT_ADMIN),
        "possible_duplicate",
        link=reverse("cases:possible_duplicates"),
        dedupe_key=f"possible_duplicate:{item.pk}",
        found_by=found_by.short_name,
        other=other.short_name,
    )
    return item


def may_manage_possible_duplicates(user) -> bool:
    """The secretariat admin: the one role that manages the coalition's organisations."""
    return has_org_perm(user, MANAGE_ORGANIZATIONS)


def possible_duplicates_for(user) -> QuerySet[PossibleDuplicate]:
    """The items the user may see, open ones first, newest first."""
    if not may_manage_possible_duplicates(user):
        return PossibleDuplicate.objects.none()
    return PossibleDuplicate.objects.select_related(
        "organization_a", "organization_b", "found_by", "resolved_by"
    ).order_by("status", "-opened_at", "-id")  # "open" sorts before "resolved"


@transaction.atomic
def resolve_possible_duplicate(*, item: PossibleDuplicate, by, note: str = "") -> PossibleDuplicate:
    """The secretariat put the two organisations in touch (or found no duplicate)."""
    locked = PossibleDuplicate.objects.select_for_update().get(pk=item.pk)
    if not may_manage_possible_duplicates(by):
        raise PermissionDenied
    if locked.status == PossibleDuplicate.Status.RESOLVED:
        raise ValidationError(_("This item was already marked resolved."))
    locked.status = PossibleDuplicate.Status.RESOLVED
    locked.resolved_by = by
    locked.resolved_at = timezone.now()
    locked.note = note.strip()
    locked.full_clean()
    locked.save(update_fields=["status", "resolved_by", "resolved_at", "note"])
    log_action(by, AccessLog.Action.CHANGE, locked, verb="case.possible_duplicate_resolved")
    return locked
