"""Helpline calls in the period: by day and hour, by district, by what was asked and what was
done, and call-backs. Calls name no one, but each is a person in distress: in the coalition's
report every count is suppressed when small, like every other count."""

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from cases.helpline.models import CallOutcome, CallRequest, HelplineCall

from ..tables import TOTAL, Chart, Column, Row, Table
from .context import FiguresContext, district_label
from .crosstab import CrossTab, crosstab_table

TOTAL_LABEL = _("Total")
CALLS = Count("pk")
# Hours of the day in bands a desk plans its shifts by: (key, label, first hour, last hour + 1).
HOUR_BANDS = [
    ("night", "00-06", 0, 6),
    ("early", "06-09", 6, 9),
    ("morning", "09-12", 9, 12),
    ("midday", "12-15", 12, 15),
    ("afternoon", "15-18", 15, 18),
    ("evening", "18-21", 18, 21),
    ("late", "21-24", 21, 24),
]
NOT_SAID = _("Not said")
DISTRICT_ROWS = 15  # the busiest districts; the rest are added up in one row


def calls_in(context: FiguresContext) -> QuerySet[HelplineCall]:
    """The scope's calls in the period (the coalition: every desk's)."""
    period = context.period
    calls = HelplineCall.objects.with_scopes_disabled().filter(
        called_at__date__range=(period.start, period.end)
    )
    if period.province:
        calls = calls.filter(province=period.province)
    if context.scope.organization is not None:
        calls = calls.filter(organization=context.scope.organization)
    return calls


def helpline_tables(context: FiguresContext) -> list[Table]:
    calls = calls_in(context)
    protected = context.protect_own
    return [
        _by_request_and_outcome(calls, protected),
        _by_day_and_hour(calls, protected),
        _by_district(calls, protected),
        _callbacks(calls, protected),
    ]


def _by_request_and_outcome(calls, protected: bool) -> Table:
    # A call has one request and one outcome: the margins add up, in one query.
    cells = {
        (row["request"], row["outcome"]): row["n"]
        for row in calls.values("request", "outcome").annotate(n=CALLS).order_by()
    }
    row_totals: dict[str, int] = {}
    column_totals: dict[str, int] = {}
    for (request, outcome), n in cells.items():
        row_totals[request] = row_totals.get(request, 0) + n
        column_totals[outcome] = column_totals.get(outcome, 0) + n
    data = CrossTab(cells, row_totals, column_totals, sum(cells.values()))
    return crosstab_table(
        data,
        key="helpline_requests",
        title=_("Helpline calls, by what was asked and what was done"),
        row_header=_("Asked (rows) · done (columns)"),
        rows=[r for r in CallRequest.values if r in data.row_totals],
        row_label=lambda value: CallRequest(value).label,
        columns=[c for c in CallOutcome.values if c in data.column_totals],
        column_label=lambda value: CallOutcome(value).label,
        protected=protected,
        total_label=TOTAL_LABEL,
        chart=Chart("bar", tuple(CallOutcome.values)),
        note=_("Calls, not people: one person may call several times."),
    )


def _by_day_and_hour(calls, protected: bool) -> Table:
    tz = timezone.get_current_timezone()
    counted = (
        calls.annotate(
            weekday=ExtractIsoWeekDay("called_at", tzinfo=tz),
            hour=ExtractHour("called_at", tzinfo=tz),
        )
        .values("weekday", "hour")
        .annotate(n=CALLS)
        .order_by()
    )
    cells: dict[tuple[int, str], int] = {}
    for row in counted:
        band = next(key for key, _label, first, last in HOUR_BANDS if first <= row["hour"] < last)
        cells[(row["weekday"], band)] = cells.get((row["weekday"], band), 0) + row["n"]
    columns = [Column(key, label) for key, label, _first, _last in HOUR_BANDS]
    columns.append(Column(TOTAL, TOTAL_LABEL))
    rows = []
    for weekday in range(1, 8):
        values = {key: cells.get((weekday, key), 0) for key, *_rest in HOUR_BANDS}
        rows.append(
            Row(str(weekday), WEEKDAYS[weekday - 1], {**values, TOTAL: sum(values.values())})
        )
    totals = {key: sum(row.values[key] for row in rows) for key, *_rest in HOUR_BANDS}
    rows.append(Row(TOTAL, TOTAL_LABEL, {**totals, TOTAL: sum(totals.values())}, is_total=True))
    return Table(
        key="helpline_hours",
        title=_("Helpline calls, by day of the week and hour"),
        row_header=_("Day (rows) · hour, Pakistan time (columns)"),
        columns=columns,
        rows=rows,
        protected=protected,
        total_column=True,
        total_row=True,
        chart=Chart("column", tuple(key for key, *_rest in HOUR_BANDS), rows="total_row"),
    )


def _by_district(calls, protected: bool) -> Table:
    counts = list(calls.values("district").annotate(n=CALLS).order_by("-n", "district"))
    named = [row for row in counts if row["district"]]
    busiest, rest = named[:DISTRICT_ROWS], named[DISTRICT_ROWS:]
    rows = [
        Row(f"d{index}", district_label(row["district"]), {"calls": row["n"]})
        for index, row in enumerate(busiest)
    ]
    others = sum(row["n"] for row in rest)
    if others:
        rows.append(Row("others", _("Other districts"), {"calls": others}))
    unsaid = sum(row["n"] for row in counts if not row["district"])
    if unsaid:
        rows.append(Row("not_said", NOT_SAID, {"calls": unsaid}))
    total = sum(row["n"] for row in counts)
    rows.append(Row(TOTAL, TOTAL_LABEL, {"calls": total}, is_total=True))
    return Table(
        key="helpline_districts",
        title=_("Helpline calls, by the caller's district"),
        row_header=_("District"),
        columns=[Column("calls", _("Calls"))],
        rows=rows,
        protected=protected,
        total_row=True,
        chart=Chart("bar", ("calls",)),
    )


def _callbacks(calls, protected: bool) -> Table:
    now = timezone.now()
    asked = calls.filter(callback_due__isnull=False)
    figures = asked.aggregate(
        on_time=Count("pk", filter=Q(callback_done_at__lte=F("callback_due"))),
        late=Count("pk", filter=Q(callback_done_at__gt=F("callback_due"))),
        missed=Count("pk", filter=Q(callback_done_at__isnull=True, callback_due__lt=now)),
        waiting=Count("pk", filter=Q(callback_done_at__isnull=True, callback_due__gte=now)),
        total=Count("pk"),
    )
    labels = {
        "on_time": _("Called back on time"),
        "late": _("Called back late"),
        "missed": _("Missed: not called back, past due"),
        "waiting": _("Due, not yet called back"),
    }
    rows = [Row(key, label, {"calls": figures[key]}) for key, label in labels.items()]
    rows.append(Row(TOTAL, _("Call-backs promised"), {"calls": figures["total"]}, is_total=True))
    return Table(
        key="helpline_callbacks",
        title=_("Helpline call-backs"),
        row_header=_("Call-back"),
        columns=[Column("calls", _("Calls"))],
        rows=rows,
        protected=protected,
        total_row=True,
    )
