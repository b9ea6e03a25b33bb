from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coalition.reports.figures import report_for
from coalition.reports.scope import Period, ReportScope
from coalition.reports.tables import TOTAL, Cell, Column, Row, Table, legend, protect
from members.geography import Province

from ..models import Activity, ActivityTopic, Participation
from ..vocabularies import SEXES, SURVIVORS, ActivityKind, ParticipantGroup, Topic

ACTIVITIES = "activities"
PEOPLE_COLUMNS = [name for name, _label in SEXES]


class SurvivorSafeTable(Table):
    """A table whose only small cells are its `sensitive` ones (survivors' counts): every other
    count takes part in complementary suppression but is never hidden for being small itself."""

    sensitive: frozenset = frozenset()

    def counts(self) -> dict[tuple[str, str], int]:
        k = self.threshold
        return {
            key: value if key in self.sensitive or not 0 < value < k else k
            for key, value in super().counts().items()
        }


@dataclass
class DonorReport:
    period: Period
    tables: list[Table]
    case_figures: list[tuple[str | Promise, Cell]]
    threshold: int
    activity_count: int
    generated_at: datetime = field(default_factory=timezone.now)

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)

    def legend(self) -> list[str]:
        return legend(self.tables, self.threshold)


def quarter_period(year: int, quarter: int, province: str = "") -> Period:
    start = date(year, 3 * quarter - 2, 1)
    end = Period.month(year, 3 * quarter).end
    return Period(start, end, province)


def activities_in(period: Period) -> QuerySet[Activity]:
    """Activities that started in the period, in its province (or anywhere)."""
    activities = Activity.objects.filter(starts_on__range=(period.start, period.end))
    if period.province:
        activities = activities.filter(province=period.province)
    return activities


def _columns(with_activities: bool = True) -> list[Column]:
    columns = [Column(ACTIVITIES, _("Activities"), in_row_total=False)] if with_activities else []
    columns += [Column(name, label) for name, label in SEXES]
    columns.append(Column(TOTAL, _("People reached")))
    return columns


def _people(grouped) -> dict:
    """{group key: {sex: n, TOTAL: n}} from rows of (key, female, male, transgender)."""
    result = {}
    for key, *counts in grouped:
        values = dict(zip(PEOPLE_COLUMNS, (int(c or 0) for c in counts), strict=True))
        values[TOTAL] = sum(values.values())
        result[key] = values
    return result


SUMS = {name: Sum(name) for name in PEOPLE_COLUMNS}


def _rows(choices, activity_counts: dict, people: dict) -> list[Row]:
    return [
        Row(
            str(key),
            label,
            {ACTIVITIES: activity_counts.get(key, 0), **_empty(), **people.get(key, {})},
        )
        for key, label in choices
    ]


def _empty() -> dict:
    return dict.fromkeys([*PEOPLE_COLUMNS, TOTAL], 0)


def _total_row(rows: list[Row]) -> Row:
    values = {key: sum(row.values.get(key, 0) for row in rows) for key in [ACTIVITIES, *_empty()]}
    return Row(TOTAL, _("Total"), values, is_total=True)


def _table(key, title, header, rows, *, total=True, note="", with_activities=True, links=None):
    table = SurvivorSafeTable(
        key=key,
        title=title,
        row_header=header,
        columns=_columns(with_activities),
        rows=[*rows, _total_row(rows)] if total else rows,
        protected=True,
        # Survivors' small counts are hidden; the rest are public events' attendance, exact.
        rounding=False,
        total_column=True,
        total_row=total,
        note=note,
        links=links or {},
    )
    return table


def _grand_total_links(keys=(TOTAL,)) -> dict:
    """The grand totals every table shows are one figure: hidden in one, hidden in all."""
    return {
        (row, column): f"people:{column}" for row in keys for column in [*PEOPLE_COLUMNS, TOTAL]
    }


def _by(activities, field_name: str) -> tuple[dict, dict]:
    counts = dict(activities.values_list(field_name).annotate(n=Count("pk", distinct=True)))
    people = _people(
        Participation.objects.filter(activity__in=activities)
        .values_list(f"activity__{field_name}")
        .annotate(**SUMS)
        .values_list(f"activity__{field_name}", *PEOPLE_COLUMNS)
    )
    return counts, people


def _quarters(period: Period) -> list[tuple[str, str]]:
    quarters = []
    for month in period.months():
        label = f"{month.year} Q{(month.month - 1) // 3 + 1}"
        if label not in [q for q, _l in quarters]:
            quarters.append((label, label))
    return quarters


def build_donor_report(period: Period) -> DonorReport:
    activities = activities_in(period)
    kind_counts, kind_people = _by(activities, "kind")
    province_counts, province_people = _by(activities, "province")

    dated = activities.annotate(y=ExtractYear("starts_on"), q=ExtractQuarter("starts_on"))
    quarter_counts = {
        f"{y} Q{q}": n for y, q, n in dated.values_list("y", "q").annotate(n=Count("pk"))
    }
    quarter_people = _people(
        (f"{y} Q{q}", *rest)
        for y, q, *rest in Participation.objects.filter(activity__in=activities)
        .annotate(y=ExtractYear("activity__starts_on"), q=ExtractQuarter("activity__starts_on"))
        .values_list("y", "q")
        .annotate(**SUMS)
        .values_list("y", "q", *PEOPLE_COLUMNS)
    )

    topics = ActivityTopic.objects.filter(activity__in=activities)
    topic_counts = dict(topics.values_list("topic").annotate(n=Count("activity", distinct=True)))
    topic_people = _people(
        Participation.objects.filter(activity__topics__in=topics)
        .values_list("activity__topics__topic")
        .annotate(**SUMS)
        .values_list("activity__topics__topic", *PEOPLE_COLUMNS)
    )

    participation = Participation.objects.filter(activity__in=activities)
    group_counts = dict(participation.values_list("group").annotate(n=Count("activity")))
    group_people = _people(
        participation.values_list("group").annotate(**SUMS).values_list("group", *PEOPLE_COLUMNS)
    )

    group_rows = _rows(ParticipantGroup.choices, group_counts, group_people)
    tables = [
        _table(
            "by_group",
            _("People reached by participant group"),
            _("Participant group"),
            group_rows,
            note=_("Activities: those where the group took part."),
            links=_grand_total_links(),
        ),
        _table(
            "by_province",
            _("Activities and people reached by province"),
            _("Province"),
            _rows(Province.choices, province_counts, province_people),
            links=_grand_total_links(),
        ),
        _table(
            "by_quarter",
            _("Activities and people reached by quarter"),
            _("Quarter"),
            _rows(_quarters(period), quarter_counts, quarter_people),
            links=_grand_total_links(),
        ),
        _table(
            "by_kind",
            _("Activities and people reached by type of activity"),
            _("Type of activity"),
            _rows(ActivityKind.choices, kind_counts, kind_people),
            links=_grand_total_links(),
        ),
        _table(
            "by_topic",
            _("Activities and people reached by topic"),
            _("Topic"),
            _rows(Topic.choices, topic_counts, topic_people),
            total=False,
            note=_("An activity on several topics counts under each: the rows do not add up."),
            # A topic's people may be every person reached: hidden wherever the total is.
            links=_grand_total_links(keys=[key for key, _label in Topic.choices]),
        ),
    ]
    # An activity with several groups counts once in the total, not once per group.
    tables[0].row(TOTAL).values[ACTIVITIES] = participation.values("activity").distinct().count()
    tables[0].sensitive = frozenset((str(SURVIVORS), column) for column in [*PEOPLE_COLUMNS, TOTAL])
    threshold = settings.SMALL_CELL_THRESHOLD
    protect(tables, threshold)
    cases = report_for(ReportScope(None), period)
    return DonorReport(
        period=period,
        tables=tables,
        case_figures=cases.key_figures(),
        threshold=threshold,
        activity_count=activities.count(),
    )
