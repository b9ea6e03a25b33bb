"""Read paths for referrals, scoped to the person asking."""

from datetime import timedelta

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cases.access import CaseAccess, Facts, facts_of, receives
from cases.models import Case, Document, Note, ServiceDelivery
from coalition.compiled import Compiled
from members.access import staff_of
from members.labels import RowLabels, row_labels
from members.models import Organization
from members.queries import providers_of

from .models import Referral, Status
from .visibility import one_case_referral_q

INBOX_TABS = ("pending", "due_soon", "overdue", "accepted", "history", "sent")


def _with_related(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related(
        "case", "from_organization", "to_organization", "service", "assigned_to__user"
    )


# What the inbox's rows show: narrow rows, not every column of five tables.
# The organisations' and service's names come from members.labels, not a join.
INBOX_COLUMNS = (
    "urgency",
    "status",
    "respond_by",
    "created_at",
    "case_id",
    "service_id",
    "from_organization_id",
    "to_organization_id",
)


NEWEST = ("-created_at", "-id")


def _waiting_tabs(now) -> dict[str, Q]:
    """Of the received referrals still pending, the ones each waiting tab shows."""
    return {
        "pending": Q(),
        "due_soon": Q(respond_by__gt=now, respond_by__lte=now + timedelta(days=1)),
        "overdue": Q(respond_by__lte=now),
    }


def _received(user) -> QuerySet[Referral]:
    """The referrals sent to the user's organisation that the user sees. Whoever answers for
    every referral to it (its referral desk: `receives` with no caseworker named) sees them
    all, so theirs are asked for by the organisation alone: without the rest of `referral_q`,
    the query is a third as dear to build, and the inbox asks it twice."""
    organization_id = staff_of(user).organization_id
    if receives(user, organization_id=organization_id):
        return Referral.objects.with_scopes_disabled().filter(to_organization_id=organization_id)
    return Referral.objects.visible_to(user).filter(to_organization_id=organization_id)


def inbox(user, tab: str, now=None) -> QuerySet[Referral]:
    """One tab of the referral page: received referrals by state, or those the user's side sent,
    with only what the rows show. A waiting tab's rows are those `tab_counts` counts at `now`."""
    if tab == "sent":
        sent = Referral.objects.visible_to(user).filter(
            from_organization_id=staff_of(user).organization_id
        )
        rows = sent.order_by(*NEWEST)
    else:
        received = _received(user)
        waiting = _waiting_tabs(now or timezone.now())
        if tab == "accepted":
            rows = received.filter(status=Status.ACCEPTED).order_by(*NEWEST)
        elif tab == "history":
            rows = received.exclude(status__in=[Status.PENDING, Status.ACCEPTED]).order_by(*NEWEST)
        else:
            rows = received.filter(waiting.get(tab, waiting["pending"]), status=Status.PENDING)
            rows = rows.order_by("respond_by", "id")
    # The case's number by a subquery, not a join: PostgreSQL then reads it for the rows the
    # page keeps, after sorting, rather than for every referral waiting.
    numbers = Case.objects.with_scopes_disabled().filter(pk=OuterRef("case_id"))
    case_number = Subquery(numbers.values("number"))
    return rows.only(*INBOX_COLUMNS).annotate(case_number=case_number)


def names_of(user, referrals: list[Referral]) -> RowLabels:
    """The kept names holding every organisation and service `referrals` name (their rows carry
    ids, not joins)."""
    return row_labels(
        user,
        organization_ids=[
            pk for r in referrals for pk in (r.from_organization_id, r.to_organization_id)
        ],
        service_ids=[r.service_id for r in referrals],
    )


def tab_counts(user, now=None) -> dict[str, int]:
    """The waiting tabs' counts, in one query."""
    return (
        _received(user)
        .filter(status=Status.PENDING)
        .aggregate(
            **{
                tab: Count("pk", filter=rows)
                for tab, rows in _waiting_tabs(now or timezone.now()).items()
            }
        )
    )


# What the case page's referral panel shows of each: the case is the page's own, already read,
# and the organisations' and service's names come from members.labels, not a join.
CASE_PANEL_COLUMNS = (
    "status",
    "case_id",
    "service_id",
    "from_organization_id",
    "to_organization_id",
)


def referrals_of_case(user, case, case_access: CaseAccess) -> list[Referral]:
    """The case page's referral panel: the case's referrals the user sees, by the rule for the
    one case the page has authorised (`case_referral_q`)."""
    referrals = _panel_rows_of(facts_of(user), case_access)
    names = names_of(user, referrals)
    for referral in referrals:
        referral.case = case
        referral.service = names.services[referral.service_id]
        referral.from_organization_name = names.organizations[referral.from_organization_id]
        referral.to_organization_name = names.organizations[referral.to_organization_id]
    return referrals


def _panel_rows_of(facts: Facts, case_access: CaseAccess) -> list[Referral]:
    """The panel's rows by `case_referral_q`, its SQL compiled once per connection and kind of
    access (coalition/compiled.py): whether the case is seen in full, and the permissions, are
    all the rule reads besides the case's, organisation's and person's ids."""
    if facts.organization_id is None or facts.staff_id is None or not case_access.visible:
        return []
    shape = (case_access.full, facts.perms)
    return _panel_rows(case_access.case_id, facts.organization_id, facts.staff_id, shape=shape)


@Compiled.by_shape
def _panel_rows(shape, case_id: int, organization_id: int, staff_id: int) -> QuerySet[Referral]:
    seen_in_full, perms = shape
    facts = Facts(organization_id=organization_id, staff_id=staff_id, perms=perms)
    return (
        Referral.objects.with_scopes_disabled()
        .filter(one_case_referral_q(facts, case_id, seen_in_full=seen_in_full))
        .only(*CASE_PANEL_COLUMNS)
    )


def open_referrals_in_words(case) -> list[str]:
    """The case's referrals still waiting or under way, for whoever is about to close it."""
    from django.utils.translation import gettext as _

    referrals = (
        Referral.objects.with_scopes_disabled()
        .filter(case=case, status__in=[Status.PENDING, Status.ACCEPTED])
        .select_related("to_organization", "service")
        .order_by("created_at", "id")
    )
    return [
        _("Referral to %(org)s for %(service)s: %(status)s")
        % {
            "org": referral.to_organization.short_name,
            "service": referral.service.display_name,
            "status": referral.get_status_display(),
        }
        for referral in referrals
    ]


def referral_page(user, pk: int) -> Referral:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        # The case's organisation: the access log files the view under it.
        _with_related(Referral.objects.visible_to(user)).select_related(
            "created_by", "responded_by", "case__organization"
        ),
        pk=pk,
    )


def recorded_by_receiver(user, referral: Referral) -> dict[str, QuerySet] | None:
    """What the user's organisation recorded on the referral's case (services, notes and
    documents), for the receiving side of a referral page the user already sees; None on the
    sending side. The rows are the organisation's own, so they stay its own to read after the
    referral ends and the case closes to it, and its confidential ones are among them. Nothing
    another organisation wrote is read here."""
    organization_id = staff_of(user).organization_id
    if organization_id != referral.to_organization_id:
        return None
    own = {"case_id": referral.case_id, "organization_id": organization_id}
    return {
        "services": ServiceDelivery.objects.with_scopes_disabled()
        .filter(**own)
        .select_related("service"),
        "notes": Note.objects.with_scopes_disabled().filter(**own),
        "documents": Document.objects.with_scopes_disabled().filter(**own),
    }


def alternatives(referral: Referral) -> QuerySet[Organization]:
    """Other organisations offering the service where the survivor is from, for a declined
    referral (the secretariat among them only where the directory says it offers it)."""
    return (
        providers_of(
            service=referral.service,
            province=referral.case.origin_province,
            district=referral.case.origin_district,
        )
        .exclude(pk__in=[referral.to_organization_id, referral.from_organization_id])
        .order_by("short_name")
    )
