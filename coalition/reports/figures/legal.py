"""The legal funnel: how far the people's cases have gone, from complaint to verdict, by law."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cases import vocabularies as v

from .. import summary
from ..scope import cases_of
from ..tables import TOTAL, Chart, Column, Row, Table
from .context import FiguresContext

S = v.LegalStage
LAW_GROUPS = [
    ("ptpa", _("Prevention of Trafficking in Persons Act 2018"), [v.Law.PTPA_2018]),
    ("psma", _("Prevention of Smuggling of Migrants Act 2018"), [v.Law.PSMA_2018]),
    (
        "bonded_labour",
        _("Bonded labour laws (1992 Act and provincial acts)"),
        [v.Law.BLSAA_1992, v.Law.PROVINCIAL_BONDED_LABOUR],
    ),
    ("other", _("Other laws"), [v.Law.PPC, v.Law.CHILD_PROTECTION, v.Law.OTHER]),
]
# Column -> (label, which proceedings it counts the people of).
FUNNEL = {
    "complaints": (_("Complaints"), {}),
    "firs": (_("FIR registered"), {"stage__in": S.ORDER[S.ORDER.index(S.FIR) :]}),
    "investigation": (_("Under investigation now"), {"stage": S.INVESTIGATION}),
    "challans": (_("Challan submitted"), {"stage__in": S.ORDER[S.ORDER.index(S.CHALLAN) :]}),
    "trial": (_("In trial now"), {"stage": S.TRIAL}),
    "convictions": (_("Convictions"), {"outcome": v.LegalOutcome.CONVICTION}),
    "acquittals": (_("Acquittals"), {"outcome": v.LegalOutcome.ACQUITTAL}),
}


def legal_measures() -> dict:
    """A count of people per law and stage, and per stage over every law (a person with cases
    under two laws is one person there), of cases joined to their proceedings."""
    groups = [*[(key, laws) for key, _label, laws in LAW_GROUPS], (TOTAL, None)]
    return {
        f"legal__{group}__{column}": Count("pk", distinct=True, filter=_reached(laws, filters))
        for group, laws in groups
        for column, (_label, filters) in FUNNEL.items()
    }


def legal_tables(context: FiguresContext) -> list[Table]:
    kept = summary.counts_for(context)
    if kept is not None:
        counts = kept.profile
    else:
        # One scan of the period's cases joined to their proceedings.
        cases = cases_of(context.scope, context.period).filter(proceedings__isnull=False)
        counts = cases.aggregate(**legal_measures())

    def values(group: str) -> dict:
        return {column: counts.get(f"legal__{group}__{column}", 0) for column in FUNNEL}

    rows = [Row(key, label, values(key)) for key, label, _laws in LAW_GROUPS]
    rows.append(Row(TOTAL, _("All laws"), values(TOTAL), is_total=True))
    return [
        Table(
            key="legal",
            title=_("The legal funnel: people whose cases reached each stage, by law"),
            row_header=_("Law"),
            columns=[Column(key, label) for key, (label, _filters) in FUNNEL.items()],
            rows=rows,
            protected=context.protect_own,
            total_row=True,
            chart=Chart("column", tuple(FUNNEL), rows="total_row"),
            note=_(
                "People who reached a member in the period and have a complaint or FIR, by "
                "how far it has gone now. One person may have cases under more than one law."
            ),
        )
    ]


def _reached(laws, filters: dict) -> Q:
    reached = Q(**{f"proceedings__{k}": v for k, v in filters.items()})
    return reached & Q(proceedings__law__in=laws) if laws else reached
