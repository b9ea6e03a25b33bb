"""The one access layer for cases: who sees a case, which of its sections, and who may do what.

Everything here is declared once and evaluated two ways from the same declarations:
- as SQL, for every list, search, export and report (`case_q`, `row_q`, `receiving_q`), and for
  the rows of one case already authorised (`rows_of`, no subquery over the user's cases), and
- per object, for a case already in hand (`access_to`, `require`), in Python, with no query.

Both read one small set of facts about the user (`facts_of`), kept for the request on the user
object and between requests in the cache, keyed by the access version (members.access).

A person relates to a case in one of four ways:
- OWNER_ALL: their role sees all of the owning organisation's cases (a supervisor);
- OWNER_TEAM: their role sees their own and their team's cases (a caseworker);
- GRANTEE: they hold a per-case grant (a share to them by name), which reads and never writes;
- RECEIVER: their organisation holds an open share on the case (an accepted referral) and they
  are the one who answers for it there (its referral desk or supervisors) or the caseworker the
  share names.
An organisation that handed a case over to another member for good (an accepted transfer) no
longer relates to it; its supervisors and the caseworker who had it keep reading the rows their
organisation wrote on it, as a read-only record (`former_record_q`). A transfer waiting for an
answer is seen, on the receiving side, by whoever assigns cases there (`TRANSFER_DESK`): they
see the transfer, not the case.
Each action says which relations may take it, what role the owner side needs, and in which state
of the case. A case the user cannot see answers 404, never 403: `require` raises PermissionDenied
for both "cannot see" and "may not", and views turn it into a 404.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property
from types import MappingProxyType

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case as SQLCase
from django.db.models import F, Field, Q, When
from django.utils.translation import gettext_lazy as _

from coalition.lookups import Ids
from members.access import ACCESS_CACHES, cached_access, org_perms, staff_of
from members.models import Staff
from members.roles import (
    APPROVE_CLOSURE,
    ASSIGN_CASES,
    HANDLE_REFERRALS,
    OPEN_CASE,
    VIEW_ALL_CASES,
    VIEW_OWN_CASES,
)

from . import vocabularies as v

NOTHING = Q(pk__in=[])


def either(parts: Iterable[Q]) -> Q:
    """The parts joined by OR, leaving out those that match nothing: Django would build each
    one's lookup only to drop it when compiling the query (about 0.1 ms apiece, several on every
    list). NOTHING when no part is left."""
    query = NOTHING
    for part in parts:
        if part is not NOTHING:
            query = part if query is NOTHING else query | part
    return query


def both(first: Q, second: Q) -> Q:
    """`first` AND `second`; NOTHING, with no lookup, when either matches nothing."""
    return NOTHING if first is NOTHING or second is NOTHING else first & second


# The case file's sections, in page order. A share opens a chosen subset of them.
SECTIONS = (
    "survivor",
    "contact",
    "exploitation",
    "needs",
    "legal",
    "services",
    "notes",
    "documents",
)
ALL_SECTIONS = frozenset(SECTIONS)
# What a receiving organisation records itself on a shared case, whatever the share opens.
RECORDED_BY_RECEIVER = frozenset({"services", "notes", "documents"})
# The section each kind of row on a case belongs to (facets by their facet).
SECTION_OF_MODEL = {
    "note": "notes",
    "document": "documents",
    "servicedelivery": "services",
    "legalproceeding": "legal",
    "hearing": "legal",
    "perpetrator": "exploitation",
    "caseevent": "exploitation",
    "smugglingrecord": "exploitation",
    "identitydocument": "contact",
    "accused": "legal",
}
SECTION_OF_FACET = {"exploitation": "exploitation", "control": "exploitation", "need": "needs"}


class Relation(StrEnum):
    OWNER_ALL = "owner_all"
    OWNER_TEAM = "owner_team"
    GRANTEE = "grantee"
    RECEIVER = "receiver"


OWNER = frozenset({Relation.OWNER_ALL, Relation.OWNER_TEAM})
FULL = OWNER | {Relation.GRANTEE}  # sees every section
ANYONE = frozenset(Relation)


@dataclass(frozen=True)
class Facts:
    """What the rules depend on, for one user: a few ids, kept until the access version changes."""

    organization_id: int | None = None
    staff_id: int | None = None
    perms: frozenset[str] = frozenset()
    team: frozenset[int] = frozenset()  # staff ids of the user's team (at least themselves)
    granted: frozenset[int] = frozenset()  # case ids shared with the user by name
    shared: Mapping[int, frozenset[str]] = field(default_factory=dict)  # case id -> sections

    def ids(self, name: str) -> Ids:
        """One id set by name."""
        return self._ids_once(name, lambda: self._named_ids(name))

    def shared_opening(self, section: str) -> Ids:
        """Cases seen through a share that opens `section`."""
        return self._ids_once(
            ("opening", section),
            lambda: (pk for pk, sections in self.shared.items() if section in sections),
        )

    def shared_closing(self, section: str | None) -> Ids:
        """Cases seen through a share that does not open `section` (None: every shared case)."""
        return self._ids_once(
            ("closing", section),
            lambda: (
                pk
                for pk, sections in self.shared.items()
                if section is None or section not in sections
            ),
        )

    def _named_ids(self, name: str) -> Iterable[int]:
        match name:
            case "organization":
                return [self.organization_id] if self.organization_id else []
            case "self":
                return [self.staff_id] if self.staff_id else []
            case "team" | "granted" | "shared":
                return getattr(self, name)
        raise KeyError(name)

    def _ids_once(self, key, ids: Callable[[], Iterable[int]]) -> Ids:
        """Each id set made once for these facts: a page's queries ask for the same ones."""
        made = self._made_ids
        if key not in made:
            made[key] = Ids(ids())
        return made[key]

    @cached_property
    def _made_ids(self) -> dict:
        return {}


@dataclass(frozen=True)
class Match:
    """A relation as data: the user holds `perm` (if any), and each of an object's columns is in
    one of the user's id sets. `q` turns it into SQL, `holds` checks one object in hand."""

    columns: Mapping[str, str]  # logical column -> name of a Facts id set
    perm: str | None = None

    def q(self, facts: Facts, names: Mapping[str, str], prefix: str = "") -> Q:
        if self.perm and self.perm not in facts.perms:
            return NOTHING
        query = Q()
        for column, fact in self.columns.items():
            ids = facts.ids(fact)
            if not ids:  # no object's column is in an empty set
                return NOTHING
            query &= Q(**{f"{prefix}{names[column]}__in": ids})
        return query

    def holds(self, facts: Facts, obj, names: Mapping[str, str]) -> bool:
        if self.perm and self.perm not in facts.perms:
            return False
        return all(
            getattr(obj, names[column]) in facts.ids(fact) for column, fact in self.columns.items()
        )


# The relations to a case. Column names are a case's own.
CASE_COLUMNS = {"organization": "organization_id", "assignee": "assigned_to_id", "case": "pk"}
RELATIONS: dict[Relation, Match] = {
    Relation.OWNER_ALL: Match({"organization": "organization"}, perm=VIEW_ALL_CASES),
    Relation.OWNER_TEAM: Match(
        {"organization": "organization", "assignee": "team"}, VIEW_OWN_CASES
    ),
    # A grant opens a file only to someone whose role reads case files at all.
    Relation.GRANTEE: Match({"case": "granted"}, perm=VIEW_OWN_CASES),
    Relation.RECEIVER: Match({"case": "shared"}),
}

# Who answers for an organisation on the receiving side of a share or referral: whoever holds
# the referral-handling permission there, or the one caseworker the share or referral names.
DESK = Match({"organization": "organization"}, perm=HANDLE_REFERRALS)
NAMED = Match({"organization": "organization", "staff": "self"})
RECEIVING: tuple[Match, ...] = (DESK, NAMED)


# Who answers a transfer proposed to their organisation: whoever assigns its cases.
TRANSFER_DESK = Match({"organization": "organization"}, perm=ASSIGN_CASES)


def answers_transfer(user, *, organization_id: int) -> bool:
    """Whether the user accepts or declines a case transferred to the organisation."""
    target = _Row(organization_id=organization_id, staff_id=None)
    return TRANSFER_DESK.holds(facts_of(user), target, {"organization": "organization_id"})


def former_record_q(facts: "Facts", path: str = "case") -> Q:
    """Rows on the cases the user's organisation transferred away, for those who keep its
    record there: its supervisors, and the caseworker the case was assigned to then. A
    subquery, so that reading it costs no query of its own."""
    from .transfer.models import CaseTransfer, TransferStatus

    if facts.organization_id is None or VIEW_OWN_CASES not in facts.perms:
        return NOTHING
    transfers = CaseTransfer.objects.with_scopes_disabled().filter(
        status=TransferStatus.ACCEPTED, from_organization_id=facts.organization_id
    )
    if VIEW_ALL_CASES not in facts.perms:
        transfers = transfers.filter(from_assigned_to_id=facts.staff_id)
    return Q(**{f"{path}__in": transfers.values("case_id")})


def transfer_q(user) -> Q:
    """Transfers the user sees: their organisation's own, while they see the case (or keep its
    record after it moved), and those proposed to their organisation if they answer them."""
    facts = facts_of(user)
    if facts.organization_id is None:
        return NOTHING
    sent = Q(from_organization_id=facts.organization_id) & (
        full_q(user, prefix="case__") | former_record_q(facts, "case")
    )
    received = TRANSFER_DESK.q(facts, {"organization": "to_organization_id"})
    return sent | received


def receiving_q(facts: "Facts", *, organization: str, staff: str, prefix: str = "") -> Q:
    names = {"organization": organization, "staff": staff}
    return either(match.q(facts, names, prefix) for match in RECEIVING)


def reads_cases(user) -> bool:
    """Whether the user's role reads case files at all (and so may be granted one)."""
    return VIEW_OWN_CASES in facts_of(user).perms


def receives(user, *, organization_id: int, staff_id: int | None = None) -> bool:
    """Whether the user answers, on the receiving side, for something sent to the organisation
    (and, where one is named, to that caseworker)."""
    facts = facts_of(user)
    target = _Row(organization_id=organization_id, staff_id=staff_id)
    names = {"organization": "organization_id", "staff": "staff_id"}
    return any(match.holds(facts, target, names) for match in RECEIVING)


@dataclass(frozen=True)
class _Row:
    organization_id: int | None
    staff_id: int | None


# States of a case an action may need, each with the message a refusal gives.
@dataclass(frozen=True)
class State:
    holds: Callable[[object], bool]
    refusal: str


WORKING = State(
    lambda case: case.status != v.CaseStatus.CLOSED,
    _("This case is closed. A supervisor can reopen it."),
)
NOT_WAITING = State(
    lambda case: case.status not in (v.CaseStatus.CLOSED, v.CaseStatus.CLOSURE_REQUESTED),
    _("This case is already closed or waiting for closure approval."),
)
WAITING_FOR_CLOSURE = State(
    lambda case: case.status == v.CaseStatus.CLOSURE_REQUESTED,
    _("Only a case waiting for closure approval can be closed or sent back."),
)
CLOSED = State(
    lambda case: case.status == v.CaseStatus.CLOSED and case.erased_at is None,
    _("Only a closed case can be reopened, and not once its identifying details are erased."),
)
NOT_ERASED = State(
    lambda case: case.erased_at is None,
    _("This case's identifying details are already erased."),
)


@dataclass(frozen=True)
class Rule:
    relations: frozenset[Relation]
    owner_perm: str | None = None  # the role permission an owner-side user needs
    state: State | None = None
    receiver_section: str | None = None  # a receiver needs this section shared
    own_rows: bool = False  # on a row: only the organisation that wrote it


# Every action on a case, and who may take it. A test walks this table for every role and
# every relation; an action missing from it is refused.
ACTIONS: dict[str, Rule] = {
    "view": Rule(ANYONE),
    "view_history": Rule(FULL),
    "view_access_entries": Rule(frozenset({Relation.OWNER_ALL}), APPROVE_CLOSURE),
    "edit": Rule(OWNER, OPEN_CASE, WORKING),
    "set_status": Rule(OWNER, OPEN_CASE, NOT_WAITING),
    "set_follow_up": Rule(OWNER, OPEN_CASE, WORKING),
    "record_consent": Rule(OWNER, OPEN_CASE),
    "assign": Rule(frozenset({Relation.OWNER_ALL}), ASSIGN_CASES, WORKING),
    "request_closure": Rule(OWNER, OPEN_CASE, NOT_WAITING),
    "approve_closure": Rule(frozenset({Relation.OWNER_ALL}), APPROVE_CLOSURE, WAITING_FOR_CLOSURE),
    "send_back_closure": Rule(
        frozenset({Relation.OWNER_ALL}), APPROVE_CLOSURE, WAITING_FOR_CLOSURE
    ),
    "reopen": Rule(frozenset({Relation.OWNER_ALL}), APPROVE_CLOSURE, CLOSED),
    "refer": Rule(OWNER, OPEN_CASE, WORKING),
    "withdraw_referral": Rule(OWNER, OPEN_CASE),
    "grant_access": Rule(frozenset({Relation.OWNER_ALL}), APPROVE_CLOSURE),
    "add_note": Rule(OWNER | {Relation.RECEIVER}, OPEN_CASE, WORKING),
    "add_document": Rule(OWNER | {Relation.RECEIVER}, OPEN_CASE, WORKING),
    "record_service": Rule(OWNER | {Relation.RECEIVER}, OPEN_CASE, WORKING),
    "add_legal": Rule(OWNER | {Relation.RECEIVER}, OPEN_CASE, WORKING, receiver_section="legal"),
    "change_legal": Rule(
        OWNER | {Relation.RECEIVER}, OPEN_CASE, WORKING, receiver_section="legal", own_rows=True
    ),
    "propose_transfer": Rule(OWNER, OPEN_CASE, WORKING),
    "withdraw_transfer": Rule(OWNER, OPEN_CASE),
    # Perpetrators, events and the smuggling record (cases/record_models.py).
    "add_exploitation_detail": Rule(
        OWNER | {Relation.RECEIVER}, OPEN_CASE, WORKING, receiver_section="exploitation"
    ),
    "change_exploitation_detail": Rule(
        OWNER | {Relation.RECEIVER},
        OPEN_CASE,
        WORKING,
        receiver_section="exploitation",
        own_rows=True,
    ),
    # The summary for police or FIA: the owner's, and only with that consent (checked by the
    # service, cases/services/record.py).
    "produce_police_summary": Rule(OWNER, OPEN_CASE),
    # Erasing the person's identifying details on their request (cases/services/erasure.py).
    "erase": Rule(frozenset({Relation.OWNER_ALL}), APPROVE_CLOSURE, NOT_ERASED),
}


def facts_of(user) -> Facts:
    """The user's facts, kept on the user object for the request and in the cache until the
    access version changes (members.access.cached_access)."""
    cached = getattr(user, "_case_access_facts", None)
    if cached is not None:
        return cached
    facts = Facts()
    if getattr(user, "is_authenticated", False) and user.is_active:
        facts = cached_access(user, "case-facts", lambda: _read_facts(user))
    user._case_access_facts = facts
    return facts


def _read_facts(user) -> Facts:
    staff = staff_of(user)
    if staff is None or not staff.organization.active:  # a switched-off member sees nothing
        facts = Facts()
    else:
        from .models import CaseShare

        perms = org_perms(user)
        team = {staff.pk}
        if staff.team_id:
            team |= set(Staff.objects.filter(team_id=staff.team_id).values_list("pk", flat=True))
        base = Facts(organization_id=staff.organization_id, staff_id=staff.pk, perms=perms)
        shares = CaseShare.objects.open().filter(
            Q(grantee=user) | receiving_q(base, organization="organization_id", staff="staff_id")
        )
        granted, shared = set(), {}
        for case_id, kind, sections, consent, withdrawn in shares.values_list(
            "case_id",
            "kind",
            "sections",
            "case__consent_share_coalition",
            "case__consent_withdrawn_at",
        ):
            if kind == "grant":
                granted.add(case_id)
            elif consent and withdrawn is None:  # a share never outlives consent to share
                shared[case_id] = shared.get(case_id, frozenset()) | frozenset(sections)
        facts = Facts(
            organization_id=staff.organization_id,
            staff_id=staff.pk,
            perms=perms,
            team=frozenset(team),
            granted=frozenset(granted),
            shared=shared,
        )
    return facts


assert "_case_access_facts" in ACCESS_CACHES  # forgotten on role, team, grant and share changes


def relations_q(user, relations: Iterable[Relation], prefix: str = "") -> Q:
    return either(relation_arms(facts_of(user), relations, prefix))


def case_q(user, prefix: str = "") -> Q:
    """Cases the user sees at all."""
    return relations_q(user, ANYONE, prefix)


def case_q_arms(user) -> list[Q]:
    """`case_q` relation by relation (their OR is `case_q`), for counting each apart
    (`cases.queries.count_case_list`)."""
    return relation_arms(facts_of(user), ANYONE)


def relation_arms(facts: Facts, relations: Iterable[Relation], prefix: str = "") -> list[Q]:
    """The conditions of `relations`, leaving out those that match nothing and those whose
    cases another holds already (its conditions and more: an organisation's cases hold a
    supervisor's own, which PostgreSQL would otherwise look up in an index of its own); of
    two alike (a case granted by name and shared by referral), the first."""
    arms = [RELATIONS[relation].q(facts, CASE_COLUMNS, prefix) for relation in sorted(relations)]
    arms = [arm for arm in arms if arm is not NOTHING]

    def covers(wider: Q, narrower: Q) -> bool:
        return all(part in narrower.children for part in wider.children)

    def held_by_another(i: int) -> bool:
        arm = arms[i]
        return any(
            covers(other, arm) and (j < i or not covers(arm, other))
            for j, other in enumerate(arms)
            if j != i
        )

    return [arm for i, arm in enumerate(arms) if not held_by_another(i)]


def full_q(user, prefix: str = "") -> Q:
    """Cases the user sees in full: their organisation's by role, or granted by name."""
    return relations_q(user, FULL, prefix)


def section_q(user, section: str | None = None, prefix: str = "") -> Q:
    """Of the cases the user sees, those whose `section` they read (None: those they see in
    full): all but the ones seen only through a share that does not open it. A search, filter
    or sort on a section's facts asks only these, so a share that did not open a section
    answers no question about it (is this the person whose CNIC I hold?). No condition at all
    for a user with no share (most): their search reads as it would without it.
    `sections_read` is the same rule for one case in hand."""
    closed = facts_of(user).shared_closing(section)
    if not closed:
        return Q()
    return either([~Q(**{f"{prefix}pk__in": closed}), full_q(user, prefix)])


def shown_in_full(user, column: str, output_field: Field) -> F | SQLCase:
    """A case's `column` where the user sees the case in full, NULL where they see it only
    through a share: a list sorted by something only a full view shows (the follow-up date)
    tells nothing about the shared cases by their place in it."""
    in_full = section_q(user)
    if not in_full:
        return F(column)
    return SQLCase(When(in_full, then=F(column)), default=None, output_field=output_field)


@dataclass(frozen=True)
class RowRule:
    """How the rows of one model hang off a case, and what decides who reads each of them."""

    path: str  # from the row to its case
    own_org_rows: bool  # rows carry the organisation that wrote them
    confidential: bool  # rows may be confidential: only their organisation reads them then
    sections: tuple[tuple[str | None, str], ...]  # (facet or None, section) a share opens

    @classmethod
    @cache  # a model's rule never changes: read once, not for every row and query
    def of(cls, model) -> "RowRule":
        name = model._meta.model_name
        return cls(
            path="proceeding__case" if name == "hearing" else "case",
            own_org_rows=_has_field(model, "organization"),
            confidential=_has_field(model, "confidential"),
            sections=tuple(_sections_of(name)),
        )

    def in_full(self, rows: Q, organization_id: int) -> Q:
        """`rows` of a case seen in full: all but another organisation's confidential ones."""
        if self.confidential:
            return both(rows, Q(confidential=False) | Q(organization_id=organization_id))
        return rows

    def opened_by_share(self, rows: Q, facet: str | None) -> Q:
        """Of `rows`, those a share of the section holding `facet` (or of the model's section)
        opens: never confidential ones."""
        if facet:
            rows &= Q(facet=facet)
        return rows & Q(confidential=False) if self.confidential else rows


def row_q(user, model) -> Q:
    """Rows of `model` hanging off a case (by `case`, or `proceeding__case` for hearings): every
    row on a case seen in full, except another organisation's confidential ones; on a shared
    case, what the share opens (never confidential rows) and what the user's organisation wrote
    itself. `rows_of` is the same rule for one case already in hand."""
    facts = facts_of(user)
    if facts.organization_id is None:
        return NOTHING
    rule = RowRule.of(model)
    path = rule.path
    rows = [rule.in_full(full_q(user, prefix=f"{path}__"), facts.organization_id)]
    if rule.own_org_rows:
        own = Q(organization_id=facts.organization_id)
        rows.append(both(own, case_q(user, prefix=f"{path}__")))
        # A case handed over to another member: the old owner's own rows, read-only.
        rows.append(both(own, former_record_q(facts, path)))
    on_cases = f"{path}_id__in" if path == "case" else f"{path}__in"
    for facet_or_none, section in rule.sections:
        cases = facts.shared_opening(section)
        if cases:
            rows.append(rule.opened_by_share(Q(**{on_cases: cases}), facet_or_none))
    return either(rows)


def rows_of(access: "CaseAccess", model) -> Q:
    """`row_q` for the one case `access` was answered for (`access_to`), which the page already
    holds: the rows of that case the user reads, by a condition on the rows alone. No subquery
    over the cases the user sees: the case's relation to the user is already decided."""
    if not access.visible or access.case_id is None or access.organization_id is None:
        return NOTHING
    rule = RowRule.of(model)
    on_case = Q(**{f"{rule.path}_id": access.case_id})
    if access.full:
        return rule.in_full(on_case, access.organization_id)
    rows = []
    if rule.own_org_rows:
        rows.append(on_case & Q(organization_id=access.organization_id))
    for facet_or_none, section in rule.sections:
        if section in access.sections:
            rows.append(rule.opened_by_share(on_case, facet_or_none))
    return either(rows)


def reads_row(access: "CaseAccess", row) -> bool:
    """`rows_of` for one row in hand, in Python: whether the user reads this row of the case
    `access` answers for (rows fetched with the case, before its access was known)."""
    if not access.visible or access.organization_id is None:
        return False
    rule = RowRule.of(type(row))
    own = rule.own_org_rows and row.organization_id == access.organization_id
    if access.full or own:
        return own or not (rule.confidential and row.confidential)
    if rule.confidential and row.confidential:
        return False
    return any(
        section in access.sections and (facet is None or row.facet == facet)
        for facet, section in rule.sections
    )


def _sections_of(model_name: str) -> list[tuple[str | None, str]]:
    if model_name == "casefacet":
        return list(SECTION_OF_FACET.items())
    section = SECTION_OF_MODEL.get(model_name)
    return [(None, section)] if section else []


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


@dataclass(frozen=True)
class CaseAccess:
    """What one person may see and do on one case, answered from the declared rules."""

    relations: frozenset[Relation]
    sections: frozenset[str]
    allowed: frozenset[str]  # actions allowed now, in the case's current state
    permitted: frozenset[str] = frozenset()  # allowed to this user in some state of the case
    organization_id: int | None = None  # the user's
    case_id: int | None = None  # the case this answers for
    waits_on: tuple[tuple[str, str], ...] = ()  # (action, why not now) for permitted ones

    def why_not_now(self, action: str) -> str:
        """Why a permitted action is not allowed in the case's current state ("": it is)."""
        return dict(self.waits_on).get(action, "")

    def may_change(self, action: str, row) -> bool:
        """`action` on one row of the case, now: some actions only on rows the user's
        organisation wrote."""
        return action in self.allowed and self._own_row(action, row)

    def permits(self, action: str, row=None) -> bool:
        """`action` (on `row`) in some state of the case: whether a page offers its form at all;
        the service then judges the case as it is when the form is sent."""
        return action in self.permitted and (row is None or self._own_row(action, row))

    def _own_row(self, action: str, row) -> bool:
        return not ACTIONS[action].own_rows or row.organization_id == self.organization_id

    @property
    def visible(self) -> bool:
        return bool(self.relations)

    @property
    def full(self) -> bool:
        return bool(self.relations & FULL)

    @property
    def receiving(self) -> bool:
        return not self.full and Relation.RECEIVER in self.relations

    @cached_property
    def may(self) -> Mapping[str, bool]:
        """For templates: `access.may.edit`. Made once, read-only as the answer is: the case
        page asks it a dozen times."""
        return MappingProxyType({action: action in self.allowed for action in ACTIONS})

    def shows(self, section: str) -> bool:
        return section in self.sections

    def can_open(self, section: str) -> bool:
        """A section's page: shared with the user, or one where a receiver records its work."""
        return self.shows(section) or (self.receiving and section in RECORDED_BY_RECEIVER)


def _relations(facts: Facts, case) -> frozenset[Relation]:
    return frozenset(r for r, match in RELATIONS.items() if match.holds(facts, case, CASE_COLUMNS))


def _refusal(facts: Facts, relations, rule: Rule, case, row=None) -> str | None:
    """None when the rule allows the action; "" when the user may not; else why not now."""
    allowed_by = relations & rule.relations
    if not allowed_by:
        return ""
    if rule.owner_perm and not (allowed_by - OWNER) and rule.owner_perm not in facts.perms:
        return ""
    if (
        rule.receiver_section
        and not (allowed_by - {Relation.RECEIVER})
        and rule.receiver_section not in facts.shared.get(case.pk, ())
    ):
        return ""
    if rule.own_rows and row is not None and row.organization_id != facts.organization_id:
        return ""
    if rule.state and not rule.state.holds(case):
        return str(rule.state.refusal)
    return None


def _sections(facts: Facts, relations: frozenset[Relation], case) -> frozenset[str]:
    if relations & FULL:
        return ALL_SECTIONS
    return frozenset(facts.shared.get(case.pk, ())) if relations else frozenset()


def sections_read(user, case) -> tuple[frozenset[str], bool]:
    """The sections of `case` the user reads, and whether they see it in full: `access_to`'s
    answer without the actions, for a list's rows (only the columns `CASE_COLUMNS` names need
    be loaded)."""
    facts = facts_of(user)
    relations = _relations(facts, case)
    return _sections(facts, relations, case), bool(relations & FULL)


def access_to(user, case) -> CaseAccess:
    """How much of `case` the user gets, and what they may do to it now."""
    facts = facts_of(user)
    relations = _relations(facts, case)
    sections = _sections(facts, relations, case)
    refusals = {action: _refusal(facts, relations, rule, case) for action, rule in ACTIONS.items()}
    return CaseAccess(
        relations=relations,
        sections=sections,
        allowed=frozenset(action for action, refusal in refusals.items() if refusal is None),
        permitted=frozenset(action for action, refusal in refusals.items() if refusal != ""),
        organization_id=facts.organization_id,
        case_id=case.pk,
        waits_on=tuple((action, refusal) for action, refusal in refusals.items() if refusal),
    )


def shared_view(case, sections: Iterable[str]) -> CaseAccess:
    """What a receiving organisation gets of `case` through a share of `sections`: the case
    page's sections drawn with it show a sender, before sending, what the receiver will see."""
    opened = frozenset(sections) & ALL_SECTIONS
    return CaseAccess(
        relations=frozenset({Relation.RECEIVER}),
        sections=opened,
        allowed=frozenset(),
        case_id=case.pk,
    )


def require(user, action: str, case, row=None) -> None:
    """Refuse `action` on `case` (and on `row`, one of its rows) unless the rules allow it:
    PermissionDenied when the user may not (the caller answers 404), ValidationError with a
    translated reason when they may but not in the case's current state."""
    rule = ACTIONS.get(action)
    if rule is None:
        raise PermissionDenied(f"undeclared action {action!r}")
    facts = facts_of(user)
    refusal = _refusal(facts, _relations(facts, case), rule, case, row)
    if refusal == "":
        raise PermissionDenied
    if refusal is not None:
        raise ValidationError(refusal)
