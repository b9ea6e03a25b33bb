"""Who reached the members: people by month, origin, exploitation, sex, gender, age, channel."""

from collections import defaultdict

from django.db.models import Count, FilteredRelation, Q
from django.utils.translation import gettext_lazy as _

from cases import vocabularies as v
from cases.models import CaseFacet
from members.geography import Province

from .. import sql, summary
from ..scope import cases_of, cases_opened_or_closed_in, closed_in, last_of_month, opened_in
from ..tables import TOTAL, Chart, Column, Row, Table
from .context import FiguresContext, district_label, month_label

PEOPLE = _("People")
TOTAL_LABEL = _("Total")
PEOPLE_LINK = "cases.people"  # the number of people in the period, in many tables
NOT_RECORDED = summary.NOT_RECORDED


def case_tables(context: FiguresContext) -> list[Table]:
    counted = summary.counts_for(context)
    if counted is not None:
        by_origin, profile, exploitation = counted.by_origin, counted.profile, counted.exploitation
    else:
        by_origin = _counts_by_origin(context)
        profile = _totals(by_origin)
        exploitation = _count_exploitation(cases_of(context.scope, context.period))
    protected = context.protect_own
    return [
        _by_month(context, profile, protected),
        _by_origin(by_origin, protected),
        _by_exploitation(exploitation, protected),
        _by_sex(profile, protected),
        _by_gender(profile, protected),
        _by_age(profile, protected),
        _by_channel(profile, protected),
        _by_scope(profile, protected),
    ]


def _counts_by_origin(context: FiguresContext) -> dict[tuple[str, str], dict[str, int]]:
    """Every single-valued count, the age bands, and the cases opened and closed each month, by
    province and district of origin: one scan of the cases."""
    period = context.period
    opened = opened_in(period)
    counts = summary.profile_counts(opened)
    for month in period.months():
        end = last_of_month(month)
        counts[f"opened__{month:%Y-%m}"] = Count(
            "pk", filter=Q(intake_date__gte=month, intake_date__lte=end) & opened
        )
        counts[f"closed__{month:%Y-%m}"] = Count(
            "pk", filter=closed_in(max(month, period.start), min(end, period.end))
        )
    counts["people"] = Count("pk", filter=opened)
    rows = (
        sql.with_birth_code(cases_opened_or_closed_in(context.scope, period))
        .values("origin_province", "origin_district")
        .annotate(**counts)
        .order_by()
    )
    return {(row.pop("origin_province"), row.pop("origin_district")): row for row in rows}


def _totals(by_origin: dict) -> dict[str, int]:
    """The counts over every place of origin: sums of the groups, each case being in one."""
    totals = defaultdict(int)
    for counts in by_origin.values():
        for name, n in counts.items():
            totals[name] += n
    return totals


def _count_table(
    key: str,
    title,
    row_header,
    rows: list[Row],
    protected: bool,
    *,
    total: int | None,
    chart: Chart | None = None,
    note="",
) -> Table:
    """One column of people, with a total row when the rows add up to it."""
    if total is not None:
        rows = [*rows, Row(TOTAL, TOTAL_LABEL, {"people": total}, is_total=True)]
    return Table(
        key=key,
        title=title,
        row_header=row_header,
        columns=[Column("people", PEOPLE)],
        rows=rows,
        protected=protected,
        total_row=total is not None,
        chart=chart or Chart("bar", ("people",)),
        note=note,
        links={(TOTAL, "people"): PEOPLE_LINK} if total is not None else {},
    )


def _profile_rows(profile: dict, prefix: str, choices, keys=None, depth: int = 0) -> list[Row]:
    labels = dict(choices)
    return [
        Row(
            str(key) or NOT_RECORDED,
            labels.get(key) or _("Not recorded"),
            {"people": profile[f"{prefix}__{key or NOT_RECORDED}"]},
            depth=depth,
        )
        for key in (keys if keys is not None else [value for value, _ in choices])
    ]


def _subtotal(key: str, label, parts: list[Row]) -> list[Row]:
    total = sum(row.values["people"] for row in parts)
    return [Row(key, label, {"people": total}, parts=tuple(r.key for r in parts)), *parts]


def _by_month(context: FiguresContext, profile: dict, protected: bool) -> Table:
    opened, closed = {}, {}
    for month in context.period.months():
        opened[month] = profile[f"opened__{month:%Y-%m}"]
        closed[month] = profile[f"closed__{month:%Y-%m}"]
    rows = [
        Row(
            month.isoformat()[:7],
            month_label(month),
            {"opened": opened[month], "closed": closed[month]},
        )
        for month in context.period.months()
    ]
    rows.append(
        Row(
            TOTAL,
            TOTAL_LABEL,
            {"opened": sum(opened.values()), "closed": sum(closed.values())},
            is_total=True,
        )
    )
    return Table(
        key="months",
        title=_("Cases opened and closed, by month"),
        row_header=_("Month"),
        columns=[Column("opened", _("Opened")), Column("closed", _("Closed"))],
        rows=rows,
        protected=protected,
        total_row=True,
        chart=Chart("column", ("opened", "closed"), rows="leaves"),
        links={(TOTAL, "opened"): PEOPLE_LINK},
        note=_("Opened: people who reached a member in the month. Closed: cases closed in it."),
    )


def _by_origin(by_origin: dict, protected: bool) -> Table:
    districts = defaultdict(dict)
    for (province, district), counts in by_origin.items():
        if counts["people"]:
            districts[province][district] = counts["people"]
    rows = []
    for province, label in [*Province.choices, ("", _("Province not recorded"))]:
        parts = [
            Row(
                f"{province or NOT_RECORDED}:{district}",
                district_label(district) if district else _("District not recorded"),
                {"people": n},
                depth=1,
            )
            for district, n in sorted(districts.get(province, {}).items())
        ]
        rows += _subtotal(province or NOT_RECORDED, label, parts)
    return _count_table(
        "origin",
        _("People by province and district of origin"),
        _("Province, district"),
        rows,
        protected,
        total=sum(row.values["people"] for row in rows if not row.depth),
    )


def _count_exploitation(cases) -> dict[str | None, int]:
    # Each case joined to its exploitation types, or to nothing: the empty group is the people
    # with none recorded. A case has each type once, so counting cases per type counts people.
    return dict(
        cases.annotate(
            exploitation=FilteredRelation(
                "facets", condition=Q(facets__facet=CaseFacet.Facet.EXPLOITATION)
            )
        )
        .values_list("exploitation__value")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _by_exploitation(counts: dict[str | None, int], protected: bool) -> Table:
    rows = [
        Row(value, label, {"people": counts.get(value, 0)})
        for value, label in v.ExploitationType.choices
    ]
    rows.append(Row(NOT_RECORDED, _("Not recorded"), {"people": counts.get(None, 0)}))
    return _count_table(
        "exploitation",
        _("People by type of exploitation"),
        _("Exploitation"),
        rows,
        protected,
        total=None,
        note=_("One person may have suffered more than one type, so the rows add up to more."),
    )


def _by_sex(profile: dict, protected: bool) -> Table:
    rows = _profile_rows(profile, "sex", v.Sex.choices, keys=v.reported_values("sex", v.Sex.values))
    return _count_table(
        "sex", _("People by sex"), _("Sex"), rows, protected, total=profile["people"]
    )


def _by_gender(profile: dict, protected: bool) -> Table:
    choices = v.GenderIdentity.choices
    transgender = _profile_rows(profile, "gender", choices, v.GenderIdentity.transgender(), 1)
    rows = [
        *_profile_rows(profile, "gender", choices, [v.GenderIdentity.WOMAN, v.GenderIdentity.MAN]),
        *_subtotal("transgender", _("Transgender, all identities"), transgender),
        *_profile_rows(
            profile, "gender", choices, [v.GenderIdentity.OTHER, v.GenderIdentity.UNKNOWN]
        ),
    ]
    return _count_table(
        "gender",
        _("People by gender identity"),
        _("Gender identity"),
        rows,
        protected,
        total=profile["people"],
    )


def _by_age(profile: dict, protected: bool) -> Table:
    choices = v.AgeBand.choices
    rows = [
        *_subtotal(
            "children",
            _("Children (under 18)"),
            _profile_rows(profile, "age", choices, sql.CHILD_BANDS, 1),
        ),
        *_subtotal(
            "adults",
            _("Adults (18 and over)"),
            _profile_rows(profile, "age", choices, sql.ADULT_BANDS, 1),
        ),
        *_profile_rows(profile, "age", choices, [v.AgeBand.UNKNOWN]),
    ]
    return _count_table(
        "age",
        _("People by age when they reached a member"),
        _("Age"),
        rows,
        protected,
        total=profile["people"],
        chart=Chart("bar", ("people",), rows="leaves"),
    )


def _by_channel(profile: dict, protected: bool) -> Table:
    rows = _profile_rows(profile, "channel", v.IntakeChannel.choices)
    return _count_table(
        "channel",
        _("People by how they reached a member"),
        _("Intake channel"),
        rows,
        protected,
        total=profile["people"],
    )


def _by_scope(profile: dict, protected: bool) -> Table:
    rows = _profile_rows(profile, "scope", [*v.Scope.choices, ("", _("Not recorded"))])
    return _count_table(
        "scope",
        _("People exploited within Pakistan or across borders"),
        _("Internal or cross-border"),
        rows,
        protected,
        total=profile["people"],
    )
