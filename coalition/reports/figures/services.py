"""Services delivered in the period, by type and by the member who gave them (people served)."""

from django.utils.translation import gettext_lazy as _

from .. import sql
from ..scope import deliveries_in
from ..tables import TOTAL, Chart, Column, Row, Table
from .context import FiguresContext
from .crosstab import count_by, crosstab, crosstab_table

TOTAL_LABEL = _("Total")


def service_tables(context: FiguresContext) -> list[Table]:
    deliveries = deliveries_in(context.period)
    organization = context.scope.organization
    if organization is None:
        return [_by_member_and_service(context, deliveries, protected=True)]
    return [
        _by_member_and_service(
            context,
            deliveries.filter(case__organization=organization),
            protected=False,
            title=_("Services our people received, by the member who gave them"),
        ),
        _for_other_members(
            context,
            deliveries.filter(organization=organization).exclude(case__organization=organization),
        ),
    ]


def _by_member_and_service(
    context: FiguresContext,
    deliveries,
    *,
    protected: bool,
    title=None,
) -> Table:
    data = crosstab(deliveries, "organization", "service", sql.people())
    services = [pk for pk in context.services if pk in data.column_totals]
    return crosstab_table(
        data,
        key="services",
        title=title or _("Services delivered, by member and type"),
        row_header=_("Member (rows) · service (columns)"),
        rows=context.organization_keys(data.row_totals),
        row_label=context.organization_label,
        columns=services,
        column_label=context.service_label,
        protected=protected,
        total_label=TOTAL_LABEL,
        chart=Chart("bar", tuple(str(pk) for pk in services), rows="total_row"),
        note=_("People given each service in the period; one person may receive several."),
    )


def _for_other_members(context: FiguresContext, deliveries) -> Table:
    counts = count_by(deliveries, "service", sql.people())
    rows = [
        Row(str(pk), context.service_label(pk), {"people": counts[pk]})
        for pk in context.services
        if pk in counts
    ]
    total = deliveries.aggregate(people=sql.people())["people"]
    rows.append(Row(TOTAL, TOTAL_LABEL, {"people": total}, is_total=True))
    return Table(
        key="services_for_others",
        title=_("Services we gave to people referred by other members"),
        row_header=_("Service"),
        columns=[Column("people", _("People"))],
        rows=rows,
        protected=True,
        total_row=True,
        chart=Chart("bar", ("people",)),
    )
