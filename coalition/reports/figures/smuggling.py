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

from ..scope import cases_of
from ..tables import Row, Table
from .cases import _count_table
from .context import FiguresContext

T = v.CaseType
SMUGGLED = (T.MIGRANT_SMUGGLING, T.BOTH)

# Row -> (label, the condition on the person's smuggling record).
OUTCOMES = {
    "intercepted": (_("Intercepted"), Q(smuggling__intercepted=True)),
    "detained": (_("Detained"), Q(smuggling__detained=True)),
    "deported": (_("Deported"), Q(smuggling__returned=rv.Return.DEPORTED)),
    "returned": (_("Returned voluntarily"), Q(smuggling__returned=rv.Return.RETURNED)),
    "died": (_("Died in transit"), Q(smuggling__fate=rv.FateInTransit.DIED)),
    "missing": (_("Missing in transit"), Q(smuggling__fate=rv.FateInTransit.MISSING)),
}


def smuggling_tables(context: FiguresContext) -> list[Table]:
    cases = cases_of(context.scope, context.period)
    protected = context.protect_own
    return [
        _by_crime(cases, protected),
        _smuggling_outcomes(cases, protected),
        _by_recruitment_channel(cases, protected),
    ]


def _by_crime(cases, protected: bool) -> Table:
    counts = cases.aggregate(
        people=Count("pk"),
        **{value: Count("pk", filter=Q(case_type=value)) for value in T.values},
    )
    rows = [Row(value, label, {"people": counts[value]}) for value, label in T.choices]
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


def _smuggling_outcomes(cases, protected: bool) -> Table:
    smuggled = cases.filter(case_type__in=SMUGGLED)
    counts = smuggled.aggregate(
        **{key: Count("pk", filter=condition) for key, (_label, condition) in OUTCOMES.items()}
    )
    rows = [Row(key, label, {"people": counts[key]}) for key, (label, _c) in OUTCOMES.items()]
    return _count_table(
        "smuggling_outcomes",
        _("People smuggled: interception, return, and deaths or disappearances in transit"),
        _("What happened"),
        rows,
        protected,
        total=None,
        note=_("From the migrant smuggling records; one person may be in more than one row."),
    )


def _by_recruitment_channel(cases, protected: bool) -> Table:
    # A person is counted once per channel their recruitment went through.
    counts = dict(
        cases.filter(events__kind=rv.EventKind.RECRUITMENT)
        .values_list("events__channel")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
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
