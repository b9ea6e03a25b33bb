"""Read paths for cases, always through `visible_to(user)`."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cache
from operator import attrgetter

from django.core.paginator import Page
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    Aggregate,
    DateField,
    Exists,
    F,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import JSONObject
from django.http import Http404
from django.utils import timezone

from coalition.compiled import MOST_TEXTS, Compiled
from coalition.models import AccessLog
from coalition.paging import counted_in_rows, page_fetched
from members.access import access_version, kept_organization
from members.labels import row_labels

from . import vocabularies as v
from .access import (
    CaseAccess,
    access_to,
    both,
    case_q_arms,
    either,
    reads_row,
    section_q,
    shown_in_full,
)
from .duplicates import identifier_hash
from .models import (
    Case,
    CaseChange,
    CaseFacet,
    ConsentEvent,
    Document,
    Hearing,
    LegalProceeding,
    Note,
    ServiceDelivery,
)
from .text import digits_only, name_token_hashes, name_tokens
from .validators import normalise_cnic, normalise_phone

SORTS = {
    "newest": ("-intake_date", "-id"),
    "oldest": ("intake_date", "id"),
    "number": ("number",),
    "risk": ("-risk_order", "-intake_date", "-id"),
    "follow_up": (F("follow_up_seen").asc(nulls_last=True), "-id"),
}


# What a row of the case list shows: narrow rows keep deep pages' sorts in memory. The
# organisation's and caseworker's names come from members.labels, not a join.
LIST_COLUMNS = (
    "number",
    "organization_id",
    "assigned_to_id",
    "full_name",
    "alias",
    "intake_date",
    "status",
    "risk_level",
    "next_follow_up",
)


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    status: str = ""
    exploitation: str = ""
    province: str = ""
    assigned_to: int | None = None
    risk: str = ""
    overdue: bool = False
    sort: str = "newest"


@dataclass(frozen=True)
class SearchTerms:
    """What a search's text asks for, worked out once: the case number's part, upper-cased
    (`number`, empty for no search); the keyed hashes of the name's words; the hashes of the
    CNIC and the phone number it spells, if it spells one; and whether only a name's words can
    match it (`searched_by_name_alone`)."""

    number: str = ""
    words: tuple[str, ...] = ()
    cnic: str = ""
    phone: str = ""
    by_name_alone: bool = False

    @classmethod
    def of(cls, user, text: str) -> "SearchTerms":
        text = text.strip()
        if not text:
            return cls()
        digits = digits_only(text)
        cnic = normalise_cnic(digits) if len(digits) == 13 else ""
        phone = normalise_phone(text) if len(digits) >= 10 else ""
        return cls(
            number=text.upper(),  # case numbers are stored upper-case
            words=tuple(name_token_hashes(text)),
            cnic=identifier_hash("cnic", cnic) if cnic else "",
            phone=identifier_hash("phone", phone) if phone else "",
            by_name_alone=searched_by_name_alone(user, text),
        )

    @property
    def texts(self) -> tuple[str, ...]:
        """The values the query compares, in the order `from_texts` reads them back."""
        if not self.number:
            return ()
        return (self.number, *self.words, *(h for h in (self.cnic, self.phone) if h))

    @property
    def shape(self) -> tuple:
        """All that makes one search's query differ from another's but the values."""
        return (bool(self.number), len(self.words), bool(self.cnic), bool(self.phone),
                self.by_name_alone)  # fmt: skip

    @classmethod
    def from_texts(cls, shape: tuple, texts: tuple[str, ...]) -> "SearchTerms":
        has_number, word_count, has_cnic, has_phone, by_name_alone = shape
        rest = list(texts[has_number + word_count :])
        return cls(
            number=texts[0] if has_number else "",
            words=tuple(texts[has_number : has_number + word_count]),
            cnic=rest.pop(0) if has_cnic else "",
            phone=rest.pop(0) if has_phone else "",
            by_name_alone=by_name_alone,
        )


def terms_q(user, terms: SearchTerms) -> Q:
    """Case number or a part of it; whole words of the name or alias, folded (every word
    searched for must be there: names are encrypted, and their words are matched by keyed
    hash, so a part of a word finds nothing); or an exact CNIC or phone number, by hash. For
    a filter of the cases the user sees: each fact is searched only on those whose section
    shows it to them (`section_q`)."""
    if not terms.number:
        return Q()
    # `contains` (not `icontains`) can use the trigram index.
    found = [
        Q(number__contains=terms.number),
        both(Q(former_numbers__contains=terms.number), section_q(user)),
    ]
    if terms.words:
        found.append(both(Q(name_tokens__has_every_word=terms.words), section_q(user, "survivor")))
    by_contact = []
    if terms.cnic:
        by_contact.append(Q(cnic_hash=terms.cnic))
    if terms.phone:
        by_contact.append(Q(phone_hash=terms.phone))
    if by_contact:
        found.append(both(either(by_contact), section_q(user, "contact")))
    return either(found)


def searched_by_name_alone(user, text: str) -> bool:
    """Whether only a name's words can match `text`: it has words and no digit (so no case
    number's year or serial, no CNIC, no phone number), and is no part of an organisation's
    short name with its hyphen, which begin case numbers. Such a search finds the few cases of
    that name, which PostgreSQL reads whole to sort, so they are counted as they are read
    (`counted_in_rows`). A case number of a short name since changed makes a mistaken guess
    cost time, never rows: the search's conditions are the same either way."""
    text = text.strip()
    if not text or digits_only(text) or not name_tokens(text):
        return False
    upper = text.upper()
    short_names = row_labels(user).organizations.values()
    return not any(upper in f"{short_name.upper()}-" for short_name in short_names)


def case_list(user, filters: CaseFilters, terms: SearchTerms | None = None) -> QuerySet[Case]:
    """The case list page: visible cases, filtered and sorted, with what each row shows. A
    filter on what only some sections, or only a full view, show matches only the cases that
    show it to the user: on a case seen through a share, the follow-up date and who holds the
    case are not shown, nor filtered or sorted by. `terms`: the search's, when worked out
    already."""
    from django.db.models import Case as When_
    from django.db.models import IntegerField, Value, When

    if terms is None:
        terms = SearchTerms.of(user, filters.q)
    cases = _filtered(Case.objects.visible_to(user), user, filters, terms)
    if filters.sort == "risk":
        cases = cases.annotate(
            risk_order=When_(
                *[When(risk_level=level, then=Value(i)) for i, level in enumerate(v.RiskLevel)],
                output_field=IntegerField(),
            )
        )
    if filters.sort == "follow_up":
        cases = cases.annotate(follow_up_seen=shown_in_full(user, "next_follow_up", DateField()))
    if terms.by_name_alone:
        cases = counted_in_rows(cases)
    return cases.only(*LIST_COLUMNS).order_by(*SORTS.get(filters.sort, SORTS["newest"]))


def case_list_page(user, filters: CaseFilters, per_page: int, number) -> Page:
    """Page `number` of `case_list`: its rows read by `case_rows`, counted as they are read for
    a search by name alone, else by `count_case_list` when the first page does not hold them
    all (coalition/paging.py)."""
    terms = SearchTerms.of(user, filters.q)
    return page_fetched(
        lambda start, stop: case_rows(user, filters, start, stop, terms),
        per_page,
        number,
        counted_by_rows=terms.by_name_alone,
        counter=lambda: count_case_list(user, filters, terms),
    )


def case_rows(
    user, filters: CaseFilters, start: int, stop: int, terms: SearchTerms | None = None
) -> list[Case]:
    """`case_list(user, filters)[start:stop]`, its SQL built and compiled once per database
    connection for each user, access version, day, filters, slice and kind of search, with the
    search's values put in place of stand-ins (coalition/compiled.py): building and compiling
    the query of a supervisor's search cost about 1 ms of a 7 ms page. The user's facts are
    the same under one access version, and the query reads nothing else of them; the day is
    the overdue filter's. Built afresh inside a write transaction, where facts are read as
    the database is, for a search whose text a LIKE pattern would escape, and for one of more
    words than there are stand-ins."""
    if terms is None:
        terms = SearchTerms.of(user, filters.q)
    version = access_version(user)
    texts = terms.texts
    if version is None or len(texts) > MOST_TEXTS or not _placed_unchanged(terms.number):
        return list(case_list(user, filters, terms)[start:stop])
    day = timezone.localdate()
    shape = (user.pk, version, replace(filters, q=""), terms.shape, day, start, stop)
    building_for = _building_for.set(user)
    try:
        return _case_rows(*texts, shape=shape)
    finally:
        _building_for.reset(building_for)


# Whom `_case_rows` builds for, set by `case_rows` around each run. The shape names them by
# their id and access version, all that their query depends on, so a kept query holds no
# one's facts (a supervisor's, with the cases referred in, about 150 KB).
_building_for: ContextVar = ContextVar("case_rows_building_for")


@Compiled.by_shape
def _case_rows(shape, *texts: str) -> QuerySet[Case]:
    _user_id, _version, filters, search, _day, start, stop = shape
    terms = SearchTerms.from_texts(search, texts)
    return case_list(_building_for.get(), filters, terms)[start:stop]


def _placed_unchanged(text: str) -> bool:
    """Whether a LIKE lookup puts `text` in its pattern as it is (escaping nothing)."""
    return connections[DEFAULT_DB_ALIAS].ops.prep_for_like_query(text) == text


def count_case_list(user, filters: CaseFilters, terms: SearchTerms | None = None) -> int:
    """How many cases `case_list` finds. A user who sees cases by more than one relation (a
    supervisor's organisation's cases, and cases referred to it) has them counted relation by
    relation, each less those of the relations before it: counted at once, their OR made
    PostgreSQL read every case in the database (an organisation with 326 referred cases: 22 ms
    and two parallel workers) where each relation has an index of its own. A search is counted
    at once: its own indexes narrow the cases first, and counted relation by relation its
    matches were read again for each (Sahil's supervisor at 100,000 cases: "ayesha" 4.4 to
    2.8 ms, "2026" 11.3 to 9.2, "a" 9.6 to 7.1). `terms`: the search's, when worked out
    already (the list's page has them: each word's keyed hash, and the names' check)."""
    if terms is None:
        terms = SearchTerms.of(user, filters.q)
    cases = _filtered(Case.objects.with_scopes_disabled().all(), user, filters, terms).order_by()
    arms = case_q_arms(user)
    if terms.number:
        return cases.filter(either(arms)).count()
    return sum(
        cases.filter(arm & ~either(arms[:i]) if i else arm).count() for i, arm in enumerate(arms)
    )


def _filtered(
    cases: QuerySet[Case], user, filters: CaseFilters, terms: SearchTerms
) -> QuerySet[Case]:
    """`cases` narrowed by the list's search (its `terms`) and filters."""
    if terms.number:
        cases = cases.filter(terms_q(user, terms))
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.exploitation:
        facet = Exists(
            CaseFacet.objects.with_scopes_disabled().filter(
                case=OuterRef("pk"),
                facet=CaseFacet.Facet.EXPLOITATION,
                value=filters.exploitation,
            )
        )
        cases = cases.filter(both(Q(facet), section_q(user, "exploitation")))
    if filters.province:
        cases = cases.filter(both(Q(origin_province=filters.province), section_q(user, "survivor")))
    if filters.assigned_to:
        cases = cases.filter(both(Q(assigned_to_id=filters.assigned_to), section_q(user)))
    if filters.risk:
        cases = cases.filter(risk_level=filters.risk)
    if filters.overdue:
        overdue = Q(next_follow_up__lt=timezone.localdate()) & ~Q(status=v.CaseStatus.CLOSED)
        cases = cases.filter(both(overdue, section_q(user)))
    return cases


class JSONRows(Aggregate):
    """Rows as one JSON array: PostgreSQL's JSONB_AGG, SQLite's JSON_GROUP_ARRAY."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


@cache
def rows_under(model, parent: str, *fields: str) -> QuerySet:
    """Every row of `model` under the outer query's row (`parent` names it: the case, a
    proceeding), with `fields`, as one JSON array: the case page reads them with the case, and
    the access layer sorts them once the case's access is known (`reads_row`, the per-row
    twin of `rows_of`). A query fewer a page for each kind of row. The same for every case
    and person, so built once per process (never evaluated itself; each Subquery takes a
    copy): about 0.4 ms a page each."""
    return (
        model.objects.with_scopes_disabled()
        .filter(**{parent: OuterRef("pk")})
        .values(parent)
        .annotate(rows=JSONRows(JSONObject(**{name: name for name in fields})))
        .values("rows")
    )


def rows_from_json(model, rows: list[dict] | None, **parent) -> list:
    """`model`'s rows as `rows_under` read them, each value made what its field holds (JSON
    carries dates as text, and an encrypted field as stored), in the model's order."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    connection = connections[DEFAULT_DB_ALIAS]

    def value(name: str, raw):
        field = fields[name]
        if raw is None:
            return None
        if hasattr(field, "from_db_value"):
            return field.from_db_value(raw, None, connection)
        return field.to_python(raw)

    found = [
        model(**parent, **{name: value(name, raw) for name, raw in row.items()})
        for row in rows or []
    ]
    for key in reversed(model._meta.ordering):  # a stable sort per key, the last key first
        name = model._meta.get_field(key.lstrip("-")).attname
        found.sort(key=attrgetter(name), reverse=key.startswith("-"))
    return found


FACETS = (CaseFacet, "case", "facet", "value")
HEARINGS = (Hearing, "proceeding", "id", "date", "purpose")
DELIVERIES = (
    ServiceDelivery, "case", "id", "organization_id", "service_id", "delivered_on", "description"
)  # fmt: skip
CONSENT_EVENTS = (
    ConsentEvent, "case", "id", "kind", "consent_record", "consent_share_coalition",
    "consent_share_law_enforcement", "date", "recorded_by_id", "recorded_at", "note",
)  # fmt: skip


def case_page(user, pk: int) -> tuple[Case, CaseAccess]:
    """One case the user sees, with everything its page shows, in a fixed number of queries;
    its rows read by the rule for this one case (`access.rows_of`, or `access.reads_row` for
    those read with the case), not by the user's cases.

    The case is read by its id alone, in a query compiled once (`_case_with_its_rows`), and
    shown only if `access_to`, the same declared relations `visible_to` puts in SQL but
    checked on the row in hand, finds the user sees it: otherwise 404, as when `visible_to`
    finds nothing. Filtered by `visible_to`, the query's SQL followed the person's ids (their
    team, grants and shares), and so was built and compiled afresh on every page: 1.3 ms of
    CPU a page."""
    case = next(iter(_case_with_its_rows(pk)), None)
    if case is None or not (case_access := access_to(user, case)).visible:
        raise Http404
    # The page names it, and the access log files the view under it.
    case.organization = kept_organization(user, case.organization_id)

    def read(rows_of_a_kind, rows, **parent) -> list:
        return [
            row
            for row in rows_from_json(rows_of_a_kind, rows, **parent)
            if reads_row(case_access, row)
        ]

    case.page_facets = read(CaseFacet, case.facet_rows, case=case)
    case.page_deliveries = read(ServiceDelivery, case.delivery_rows, case=case)
    case.page_consent_events = read(ConsentEvent, case.consent_rows, case=case)
    # Each proceeding's hearings come with it, as the facets come with the case: a case in
    # court made one query more than one without. The rows are read as lists, not prefetched:
    # Django's prefetch filtered them by the case a second time (about 0.3 ms a page).
    case.page_proceedings = rows_of_case(_proceedings, case_access)
    for proceeding in case.page_proceedings:
        proceeding.page_hearings = read(Hearing, proceeding.hearing_rows, proceeding=proceeding)
    name_the_page(user, case)
    return case, case_access


@Compiled
def _case_with_its_rows(pk: int) -> QuerySet[Case]:
    """A case by its id, whoever asks, with its facets, services delivered and consent events:
    only `case_page` reads it, and shows it only to those `access_to` lets see it, with only
    the rows `reads_row` lets through."""
    return (
        Case.objects.with_scopes_disabled()
        .annotate(
            facet_rows=Subquery(rows_under(*FACETS), output_field=JSONField()),
            delivery_rows=Subquery(rows_under(*DELIVERIES), output_field=JSONField()),
            consent_rows=Subquery(rows_under(*CONSENT_EVENTS), output_field=JSONField()),
        )
        .filter(pk=pk)
    )


def rows_of_case(rows: Callable[..., QuerySet], case_access: CaseAccess, *more) -> list:
    """`list(rows(case_access, *more))`, its SQL compiled once per kind of access
    (coalition/compiled.py): the access, less the two ids the query takes (the case's and the
    user's organisation's), is all else the rows' rule (`access.rows_of`) reads."""
    case_id, organization_id = case_access.case_id, case_access.organization_id
    if case_id is None or organization_id is None:
        return list(rows(case_access, *more))
    shape = (rows, replace(case_access, case_id=None, organization_id=None), *more)
    return _rows_of_case(case_id, organization_id, shape=shape)


@Compiled.by_shape
def _rows_of_case(shape, case_id: int, organization_id: int) -> QuerySet:
    rows, case_access, *more = shape
    return rows(replace(case_access, case_id=case_id, organization_id=organization_id), *more)


def _proceedings(case_access: CaseAccess) -> QuerySet[LegalProceeding]:
    return LegalProceeding.objects.of_case(case_access).annotate(
        hearing_rows=Subquery(rows_under(*HEARINGS), output_field=JSONField())
    )


def _notes(case_access: CaseAccess, latest: int | None) -> QuerySet[Note]:
    return Note.objects.of_case(case_access)[:latest]


def name_the_page(user, case: Case) -> None:
    """The people, organisations and services the case page names, from the kept names
    (members.labels) rather than four joins more (about 0.8 ms of building and compiling)."""
    deliveries = case.page_deliveries
    names = row_labels(
        user,
        staff_ids=[case.assigned_to_id],
        people_ids=[case.consent_recorded_by_id],
        organization_ids=[delivery.organization_id for delivery in deliveries],
        service_ids=[delivery.service_id for delivery in deliveries],
    )
    case.caseworker_name = names.staff.get(case.assigned_to_id)
    case.consent_recorder_name = names.people.get(case.consent_recorded_by_id)
    for delivery in deliveries:
        delivery.service = names.services[delivery.service_id]
        delivery.organization_name = names.organizations[delivery.organization_id]


def notes_of(user, case_access: CaseAccess, latest: int | None = None) -> list[Note]:
    """The case's notes the user reads, newest first (the `latest` few), each with its
    author's and organisation's names from the kept names."""
    notes = rows_of_case(_notes, case_access, latest)
    names = row_labels(
        user,
        people_ids=[note.author_id for note in notes],
        organization_ids=[note.organization_id for note in notes],
    )
    for note in notes:
        note.author_name = names.people[note.author_id]
        note.organization_name = names.organizations[note.organization_id]
    return notes


def documents_of(case_access: CaseAccess) -> QuerySet[Document]:
    return Document.objects.of_case(case_access).select_related("uploaded_by", "organization")


def access_entries_of(user, case: Case, access: CaseAccess) -> QuerySet[AccessLog]:
    """Who opened or changed this case, for those the rules let see it."""
    if not access.may["view_access_entries"]:
        return AccessLog.objects.none()
    return AccessLog.objects.filter(case_id=case.pk).select_related("actor", "actor_organization")


def history_of(case_access: CaseAccess) -> QuerySet[CaseChange]:
    return CaseChange.objects.of_case(case_access).select_related("by")


def consent_history_of(user, case: Case) -> list[ConsentEvent]:
    """The consent events `case_page` read with the case, newest first, each with who recorded
    it (None: the system)."""
    events = case.page_consent_events
    names = row_labels(user, people_ids=[event.recorded_by_id for event in events])
    for event in events:
        event.recorded_by_name = names.people.get(event.recorded_by_id)
    return events


def follow_ups_due(user, limit: int = 10) -> list[Case]:
    """The user's open cases whose follow-up date has come: the home page's to-do list."""
    return list(
        Case.objects.visible_to(user)
        .full_access(user)
        .exclude(status=v.CaseStatus.CLOSED)
        .filter(next_follow_up__lte=timezone.localdate())
        .only("number", "full_name", "alias", "next_follow_up", "risk_level")
        .order_by("next_follow_up", "id")[:limit]
    )
