"""How referrals performed: who referred to whom, what became of them, how fast members answered.

Cells count people (distinct cases), not referrals. In a member's report, the referrals it sent
are on its own cases (exact); those it received are on other members' cases (protected).
"""

from collections import defaultdict

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals.models import Outcome, Status

from .. import sql
from ..scope import referrals_in
from ..tables import COUNT, HOURS, PERCENT, TOTAL, Chart, Column, Row, Table
from .context import FiguresContext
from .crosstab import count_by, crosstab, crosstab_table

TOTAL_LABEL = _("Total")
PEOPLE = _("People")
STATUSES = [Status.PENDING, Status.ACCEPTED, Status.COMPLETED, Status.DECLINED,
            Status.WITHDRAWN, Status.EXPIRED]  # fmt: skip
OVERDUE = "overdue"


def referral_tables(context: FiguresContext) -> list[Table]:
    referrals = referrals_in(context.period)
    organization = context.scope.organization
    if organization is None:
        return _coalition_tables(context, referrals)
    sent = referrals.filter(from_organization=organization)
    received = referrals.filter(to_organization=organization)
    sent_status = _status_table(
        context,
        sent,
        "to_organization",
        key="sent",
        title=_("Referrals we sent, by the member we referred to"),
        row_header=_("Referred to"),
        protected=False,
    )
    return [
        sent_status,
        _outcomes(sent, sent_status, protected=False),
        _status_table(
            context,
            received,
            "from_organization",
            key="received",
            title=_("Referrals we received, by the member who referred"),
            row_header=_("Referred by"),
            protected=True,
        ),
        _response_times(
            context,
            received,
            "from_organization",
            title=_("How fast we answered referrals, by the member who referred"),
            row_header=_("Referred by"),
        ),
    ]


def _coalition_tables(context: FiguresContext, referrals) -> list[Table]:
    measure = sql.people()
    received = _received_with_overdue(referrals, "to_organization")
    totals = _overall_with_overdue(referrals)
    flows = crosstab(
        referrals,
        "from_organization",
        "to_organization",
        measure,
        column_totals={org: counts["people"] for org, counts in received.items()},
        total=totals["people"],
    )
    senders = context.organization_keys(flows.row_totals)
    receivers = context.organization_keys(flows.column_totals)
    who_to_whom = crosstab_table(
        flows,
        key="flows",
        title=_("Who refers to whom"),
        row_header=_("Referred by (rows) · to (columns)"),
        rows=senders,
        row_label=context.organization_label,
        columns=receivers,
        column_label=context.organization_label,
        protected=True,
        total_label=TOTAL_LABEL,
        note=_("People referred in the period: a row is the member who referred them."),
        links={
            **{(TOTAL, str(org)): f"received.{org}" for org in receivers},
            (TOTAL, TOTAL): "referrals.people",
        },
    )
    status = _status_table(
        context,
        referrals,
        "to_organization",
        key="received",
        title=_("What became of referrals, by the member referred to"),
        row_header=_("Referred to"),
        protected=True,
        margins=(received, totals),
    )
    return [
        who_to_whom,
        status,
        _outcomes(referrals, status, protected=True),
        _response_times(
            context,
            referrals,
            "to_organization",
            title=_("How fast members answered referrals"),
            row_header=_("Referred to"),
        ),
    ]


def _overdue_filter():
    return {"status": Status.PENDING, "respond_by__lt": timezone.now()}


def _received_with_overdue(referrals, axis: str) -> dict:
    rows = (
        referrals.values(axis)
        .annotate(people=sql.people(), overdue=sql.people(**_overdue_filter()))
        .order_by()
    )
    return {row[axis]: row for row in rows}


def _overall_with_overdue(referrals) -> dict:
    return referrals.aggregate(people=sql.people(), overdue=sql.people(**_overdue_filter()))


def _status_table(
    context: FiguresContext,
    referrals,
    axis: str,
    *,
    key: str,
    title,
    row_header,
    protected: bool,
    margins: tuple[dict, dict] | None = None,
) -> Table:
    """Rows: the members on the other side; columns: where the referrals stand now."""
    by_member, overall = margins or (
        _received_with_overdue(referrals, axis),
        _overall_with_overdue(referrals),
    )
    data = crosstab(
        referrals,
        axis,
        "status",
        sql.people(),
        row_totals={org: counts["people"] for org, counts in by_member.items()},
        column_totals=count_by(referrals, "status", sql.people()),
        total=overall["people"],
    )
    members = context.organization_keys(data.row_totals)
    columns = [Column(s.value, s.label) for s in STATUSES]
    columns += [
        Column(OVERDUE, _("Overdue now"), in_row_total=False),
        Column(TOTAL, PEOPLE, COUNT),
        Column(
            "acceptance",
            _("Accepted"),
            PERCENT,
            numerator=(Status.ACCEPTED, Status.COMPLETED),
            denominator=(Status.ACCEPTED, Status.COMPLETED, Status.DECLINED),
        ),
    ]

    def row_values(status_count, margin: dict) -> dict:
        return {
            **{s.value: status_count(s.value) for s in STATUSES},
            OVERDUE: margin.get(OVERDUE) or 0,
            TOTAL: margin.get("people") or 0,
        }

    rows = [
        Row(
            str(org),
            context.organization_label(org),
            row_values(lambda s, org=org: data.cells.get((org, s), 0), by_member.get(org, {})),
        )
        for org in members
    ]
    rows.append(
        Row(
            TOTAL,
            TOTAL_LABEL,
            row_values(lambda s: data.column_totals.get(s, 0), overall),
            is_total=True,
        )
    )
    links = {}
    if axis == "to_organization":
        links = {(str(org), TOTAL): f"received.{org}" for org in members}
        links[(TOTAL, TOTAL)] = "referrals.people"
    links[(TOTAL, Status.COMPLETED.value)] = f"{key}.completed"
    return Table(
        key=key,
        title=title,
        row_header=row_header,
        columns=columns,
        rows=rows,
        protected=protected,
        total_column=True,
        total_row=True,
        chart=Chart("bar", tuple(s.value for s in STATUSES)),
        links=links,
        note=_(
            "People referred in the period, by where their referral stands now. Accepted: of "
            "the referrals answered, the share accepted. Overdue now: pending past the date to "
            "answer by."
        ),
    )


def _outcomes(referrals, status: Table, *, protected: bool) -> Table:
    completed = referrals.filter(status=Status.COMPLETED)
    counts = count_by(completed, "outcome", sql.people())
    rows = [Row(value, label, {"people": counts.get(value, 0)}) for value, label in
            Outcome.choices]  # fmt: skip
    if counts.get(""):
        rows.append(Row("none", _("Not recorded"), {"people": counts[""]}))
    total = status.value(TOTAL, Status.COMPLETED.value)
    rows.append(Row(TOTAL, TOTAL_LABEL, {"people": total}, is_total=True))
    return Table(
        key=f"{status.key}_outcomes",
        title=_("Completed referrals, by outcome"),
        row_header=_("Outcome"),
        columns=[Column("people", PEOPLE)],
        rows=rows,
        protected=protected,
        total_row=True,
        chart=Chart("bar", ("people",)),
        links={(TOTAL, "people"): f"{status.key}.completed"},
    )


def _response_times(context: FiguresContext, referrals, axis: str, *, title, row_header):
    """Median and 90th percentile of the hours from sending to an answer, by member."""
    answered = referrals.filter(responded_at__isnull=False)
    by_member, overall = _percentiles(answered, axis)
    columns = [
        Column("median", _("Median hours to answer"), HOURS, base="answered"),
        Column("p90", _("9 in 10 answered within (hours)"), HOURS, base="answered"),
    ]
    rows = [
        Row(str(org), context.organization_label(org), by_member[org])
        for org in context.organization_keys(by_member)
    ]
    rows.append(Row(TOTAL, _("All"), overall, is_total=True))
    return Table(
        key="response_times",
        title=title,
        row_header=row_header,
        columns=columns,
        rows=rows,
        protected=True,
        chart=Chart("bar", ("median", "p90")),
        note=_(
            "Accepted or declined referrals. Not shown where fewer referrals were answered "
            "than the smallest number a report shows."
        ),
    )


def _percentiles(answered, axis: str) -> tuple[dict, dict]:
    if sql.database_percentiles():
        measures = {
            "answered": Count("pk"),
            "median": sql.Percentile(sql.response_time(), 0.5),
            "p90": sql.Percentile(sql.response_time(), 0.9),
        }
        rows = answered.values(axis).annotate(**measures).order_by()
        by_member = {row.pop(axis): _in_hours(row) for row in rows}
        return by_member, _in_hours(answered.aggregate(**measures))
    durations = defaultdict(list)
    for member, duration in answered.values_list(axis, sql.response_time()).order_by():
        durations[member].append(duration.total_seconds())
    every = [seconds for values in durations.values() for seconds in values]
    return {member: _summary(values) for member, values in durations.items()}, _summary(every)


def _in_hours(row: dict) -> dict:
    return {**row, "median": sql.hours(row["median"]), "p90": sql.hours(row["p90"])}


def _summary(seconds: list[float]) -> dict:
    return {
        "answered": len(seconds),
        "median": sql.hours(sql.percentile(seconds, 0.5)),
        "p90": sql.hours(sql.percentile(seconds, 0.9)),
    }
