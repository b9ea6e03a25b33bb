"""The case tables' counts kept ahead, by month, organisation and province of origin.

Counting the people of a year of the coalition's cases means scanning tens of thousands of cases
and their exploitation types on every count. Reports only ever cover whole calendar months
(rounding.py), of one province of origin or all, for the coalition or one organisation: so the
same counts, kept per month, organisation and province (models.CaseCount), add up to any report's
exactly. A periodic job (tasks.rebuild_case_counts) rebuilds the whole table from the cases in one
transaction: nothing in the write paths has to remember it, and whatever changed the cases (an
import, a transfer to another member, an erasure, a closure) is in the counts after the next
build. The figures read the counts when a build exists (`built_at`), and the cases themselves
otherwise; the tests hold that both give the same numbers.

Each count is of distinct people: a case is in one month, organisation and province, and has
each measure's value once (an exploitation type at most once per case), so sums of the kept
counts are counts of people.
"""

from collections import defaultdict
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count, DateField, F, FilteredRelation, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases import record_vocabularies as rv
from cases import vocabularies as v
from cases.models import CaseFacet

from . import sql
from .models import CaseCount, CaseCountBuild
from .scope import Period, ReportScope, coalition_cases

NOT_RECORDED = "none"
# Single-valued fields counted in one pass over the cases: prefix -> (field, values).
PROFILE_FIELDS = {
    "sex": ("sex", v.reported_values("sex", v.Sex.values)),
    "gender": ("gender_identity", v.GenderIdentity.values),
    "channel": ("intake_channel", v.IntakeChannel.values),
    "scope": ("scope", [*v.Scope.values, ""]),
}
DISTRICT = "district:"
EXPLOITATION = "exploitation:"
RECRUITMENT = "recruitment:"
SMUGGLED = (v.CaseType.MIGRANT_SMUGGLING, v.CaseType.BOTH)
# What became of a person smuggled: row key -> the condition on their smuggling record.
SMUGGLING_OUTCOMES = {
    "intercepted": Q(smuggling__intercepted=True),
    "detained": Q(smuggling__detained=True),
    "deported": Q(smuggling__returned=rv.Return.DEPORTED),
    "returned": Q(smuggling__returned=rv.Return.RETURNED),
    "died": Q(smuggling__fate=rv.FateInTransit.DIED),
    "missing": Q(smuggling__fate=rv.FateInTransit.MISSING),
}
OPENED, CLOSED = "opened", "closed"


def profile_counts(among: Q) -> dict:
    """The count of every single-valued profile measure and age band, of the cases `among`."""
    counts = {
        f"{prefix}__{value or NOT_RECORDED}": Count(
            "pk", filter=among & Q(**{f"{field}__in": v.counted_in(field, value)})
        )
        for prefix, (field, values) in PROFILE_FIELDS.items()
        for value in values
    }
    for band in v.AgeBand.values:
        counts[f"age__{band}"] = Count("pk", filter=among & sql.in_age_band(band))
    return counts


def crime_counts(among: Q) -> dict:
    """People by crime (their case's type), and what became of those smuggled."""
    counts = {
        f"crime__{value}": Count("pk", filter=among & Q(case_type=value))
        for value in v.CaseType.values
    }
    smuggled = among & Q(case_type__in=SMUGGLED)
    for key, condition in SMUGGLING_OUTCOMES.items():
        counts[f"smuggled__{key}"] = Count("pk", filter=smuggled & condition)
    return counts


def counts_for(context) -> "CaseCounts | None":
    """The kept counts of a report's scope and period, read once per report; None without a
    build (the figures then count the cases)."""
    if not hasattr(context, "_case_counts"):
        context._case_counts = (
            CaseCounts(context.scope, context.period) if built_at() is not None else None
        )
    return context._case_counts


def built_at() -> datetime | None:
    build = CaseCountBuild.objects.first()
    return build.built_at if build else None


def rebuild() -> int:
    """Count every case again into CaseCount, replacing what was there; returns the rows.

    Each grouped count runs as INSERT ... SELECT in the database, its columns turned into rows
    there: nothing goes through Python row by row. PostgreSQL only (LATERAL): elsewhere (the
    demo on SQLite) no counts are kept and the figures count the cases themselves."""
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic():
        CaseCount.objects.all().delete()
        rows = sum(_insert(queryset, measures) for queryset, measures in _counts())
        CaseCountBuild.objects.update_or_create(pk=1, defaults={"built_at": timezone.now()})
    return rows


def _grouped(cases, month_field: str = "intake_date", *more: str):
    # A closing time's month in the site's time zone, as the figures' closed_in reads it.
    month = TruncMonth(month_field, output_field=DateField())
    return cases.annotate(month=month).values("month", "organization_id", "origin_province", *more)


def _counts():
    """(grouped query, [(measure as SQL, its parameters, the count's column)]) of each count."""
    profile = {**profile_counts(Q()), **crime_counts(Q()), OPENED: Count("pk")}
    yield (
        _grouped(sql.with_birth_code(coalition_cases())).annotate(**profile).order_by(),
        [("%s", [measure], measure) for measure in profile],
    )
    yield (
        _grouped(coalition_cases()).annotate(place=F("origin_district"), n=Count("pk")).order_by(),
        [("%s || g.place", [DISTRICT], "n")],
    )
    closed = coalition_cases().filter(status=v.CaseStatus.CLOSED, closed_at__isnull=False)
    yield (
        _grouped(closed, "closed_at").annotate(n=Count("pk")).order_by(),
        [("%s", [CLOSED], "n")],
    )
    exploitation = coalition_cases().annotate(
        exploitation=FilteredRelation(
            "facets", condition=Q(facets__facet=CaseFacet.Facet.EXPLOITATION)
        )
    )
    yield (
        _grouped(exploitation).annotate(kind=F("exploitation__value"), n=Count("pk")).order_by(),
        [("%s || COALESCE(g.kind, %s)", [EXPLOITATION, NOT_RECORDED], "n")],
    )
    # The legal funnel's measures are the figures' own (imported here: figures import this).
    from .figures.legal import legal_measures

    yield (
        _grouped(coalition_cases().filter(proceedings__isnull=False))
        .annotate(**legal_measures())
        .order_by(),
        [("%s", [measure], measure) for measure in legal_measures()],
    )
    # A person once per channel their recruitment went through.
    recruited = coalition_cases().filter(events__kind=rv.EventKind.RECRUITMENT)
    yield (
        _grouped(recruited)
        .annotate(channel=F("events__channel"), n=Count("pk", distinct=True))
        .order_by(),
        [("%s || g.channel", [RECRUITMENT], "n")],
    )


def _insert(queryset, measures: list[tuple[str, list, str]]) -> int:
    select, params = queryset.query.sql_with_params()
    quote = connection.ops.quote_name
    values = ", ".join(f"({expression}, g.{quote(column)})" for expression, _, column in measures)
    value_params = [param for _, expression_params, _ in measures for param in expression_params]
    table = connection.ops.quote_name(CaseCount._meta.db_table)
    # Names are the model's and the queryset's own, quoted; every value is a parameter.
    statement = (
        f"INSERT INTO {table} (month, organization_id, province, measure, people) "  # noqa: S608
        f"SELECT g.month, g.organization_id, g.origin_province, m.measure, m.people "
        f"FROM ({select}) AS g CROSS JOIN LATERAL (VALUES {values}) AS m(measure, people) "
        f"WHERE m.people > 0"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *value_params])
        return cursor.rowcount


class CaseCounts:
    """A report's case counts read from CaseCount: the same shapes figures/cases.py counts from
    the cases (`by_origin`, `profile` with opened__/closed__ per month, `exploitation`)."""

    def __init__(self, scope: ReportScope, period: Period):
        rows = CaseCount.objects.filter(month__range=(period.start, period.end))
        if scope.organization is not None:
            rows = rows.filter(organization=scope.organization)
        if period.province:
            rows = rows.filter(province=period.province)
        self.profile = defaultdict(int)
        self.by_origin = defaultdict(lambda: {"people": 0})
        self.exploitation = {}
        self.recruitment = defaultdict(int)
        for month, province, measure, people in (
            rows.values("month", "province", "measure")
            .annotate(people=Sum("people"))
            .values_list("month", "province", "measure", "people")
            .order_by()
        ):
            self._add(month, province, measure, people)

    def _add(self, month, province: str, measure: str, people: int) -> None:
        if measure.startswith(DISTRICT):
            self.by_origin[(province, measure[len(DISTRICT) :])]["people"] += people
        elif measure.startswith(EXPLOITATION):
            value = measure[len(EXPLOITATION) :]
            key = None if value == NOT_RECORDED else value
            self.exploitation[key] = self.exploitation.get(key, 0) + people
        elif measure.startswith(RECRUITMENT):
            self.recruitment[measure[len(RECRUITMENT) :]] += people
        elif measure in (OPENED, CLOSED):
            self.profile[f"{measure}__{month:%Y-%m}"] += people
            if measure == OPENED:
                self.profile["people"] += people
        else:
            self.profile[measure] += people
