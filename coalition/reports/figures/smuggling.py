"""Trafficking and migrant smuggling counted apart, what became of the people smuggled, and how
people were recruited (HTCDS's channels).

Migrant smuggling is its own crime (PSMA 2018), not a type of exploitation: a person is counted
under trafficking, smuggling or both by their case's type, never in "people by type of
exploitation".
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cases import record_vocabularies as rv
from cases import vocabularies as v

from .. import summary
from ..scope import cases_of
from ..tables import Row, Table
from .cases import _count_table
from .context import FiguresContext

T = v.CaseType

# Row -> its label (the condition on the person's smuggling record is in summary.py).
OUTCOMES = {
    "intercepted": _("Intercepted"),
    "detained": _("Detained"),
    "deported": _("Deported"),
    "returned": _("Returned voluntarily"),
    "died": _("Died in transit"),
    "missing": _("Missing in transit"),
}


def smuggling_tables(context: FiguresContext) -> list[Table]:
    kept = summary.counts_for(context)
    if kept is not None:
        counts, channels = kept.profile, kept.recruitment
    else:
        cases = cases_of(context.scope, context.period)
        counts = cases.aggregate(people=Count("pk"), **summary.crime_counts(Q()))
        channels = _count_recruitment_channels(cases)
    protected = context.protect_own
    return [
        _by_crime(counts, protected),
        _smuggling_outcomes(counts, protected),
        _by_recruitment_channel(channels, protected),
    ]


def _by_crime(counts: dict, protected: bool) -> Table:
    rows = [Row(value, label, {"people": counts[f"crime__{value}"]}) for value, label in T.choices]
    return _count_table(
        "crime",
        _("People by crime: trafficking in persons and migrant smuggling"),
        _("Crime"),
        rows,
        protected,
        total=counts["people"],
        note=_(
            "Trafficking (PTPA 2018) and migrant smuggling (PSMA 2018) are different crimes; "
            "a person who suffered both is counted once, in their own row."
        ),
    )


def _smuggling_outcomes(counts: dict, protected: bool) -> Table:
    rows = [
        Row(key, label, {"people": counts[f"smuggled__{key}"]}) for key, label in OUTCOMES.items()
    ]
    return _count_table(
        "smuggling_outcomes",
        _("People smuggled: interception, return, and deaths or disappearances in transit"),
        _("What happened"),
        rows,
        protected,
        total=None,
        note=_("From the migrant smuggling records; one person may be in more than one row."),
    )


def _count_recruitment_channels(cases) -> dict[str, int]:
    # A person is counted once per channel their recruitment went through.
    return dict(
        cases.filter(events__kind=rv.EventKind.RECRUITMENT)
        .values_list("events__channel")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )


def _by_recruitment_channel(counts: dict, protected: bool) -> Table:
    rows = [
        Row(value, label, {"people": counts.get(value, 0)}) for value, label in rv.Channel.choices
    ]
    return _count_table(
        "recruitment_channel",
        _("People by how they were recruited: in person, through an agent, or online"),
        _("Channel"),
        rows,
        protected,
        total=None,
        note=_(
            "From the recruitment events recorded; one person may have been reached through "
            "more than one channel."
        ),
    )
