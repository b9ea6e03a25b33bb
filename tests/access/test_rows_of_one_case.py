"""The rows of one case already authorised (`access.rows_of`, what the case page reads, and
`access.reads_row`, its twin for a row in hand) are the rows of that case `row_q` gives the
same person: for every role and every relation, and every kind of row, confidential ones of
both sides and facets of every section among them."""

import pytest
from django.apps import apps
from django.utils import timezone

from cases import access
from cases import queries as case_queries
from cases.models import CaseFacet, ConsentEvent, Hearing, LegalProceeding, Note, ServiceDelivery
from members.models import Service
from referrals.models import Referral
from referrals.queries import inbox, referrals_of_case
from referrals.visibility import case_referral_q, referral_q

from .scenario import build
from .table import CELLS
from .test_empty_relations import empty_sets


def child_models():
    """Every model whose rows hang off a case and are read through `row_q`."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model.objects, "of_case") and hasattr(model.objects, "visible_to")
    ]


def on_the_case(model, case):
    path = "proceeding__case" if model is Hearing else "case"
    return model.objects.with_scopes_disabled().filter(**{path: case})


def with_rows_of_both_sides(s) -> None:
    """Confidential and open notes by the owner and by the actor's organisation, a service each,
    facets of every section, a hearing."""
    owner, own = s.owner_caseworker, s.actor
    for writer in (owner, own):
        for confidential in (False, True):
            Note(
                case=s.case,
                organization=writer.organization,
                author=writer.user,
                text="Synthetic note",
                confidential=confidential,
            ).save()
        ServiceDelivery(
            case=s.case,
            organization=writer.organization,
            service=Service.objects.get(code="legal_aid"),
            delivered_on=timezone.localdate(),
            delivered_by=writer.user,
        ).save()
    for facet, value in (
        ("exploitation", "forced_labour"),
        ("control", "debt"),
        ("need", "shelter"),
    ):
        CaseFacet(case=s.case, facet=facet, value=value).save()
    Hearing(proceeding=s.proceeding, date=timezone.localdate()).save()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), CELLS)
def test_the_rows_of_one_case_are_those_row_q_gives(role, relation):
    s = build(role, relation)
    with_rows_of_both_sides(s)
    user = s.actor.user
    case_access = access.access_to(user, s.case)
    models = child_models()
    assert {Note, Hearing, CaseFacet, ServiceDelivery} <= set(models)
    for model in models:
        by_row_q = set(
            on_the_case(model, s.case)
            .filter(access.row_q(user, model))
            .values_list("pk", flat=True)
        )
        by_case = set(model.objects.of_case(case_access).values_list("pk", flat=True))
        in_hand = {
            row.pk for row in on_the_case(model, s.case) if access.reads_row(case_access, row)
        }
        assert in_hand == by_case, (model._meta.label, role, relation)
        # Relations and shares the user lacks are left out, not matched against an empty set.
        for query in (access.row_q(user, model), access.rows_of(case_access, model)):
            assert query is access.NOTHING or not empty_sets(query), (model._meta.label, role)
        if case_access.visible:
            assert by_case == by_row_q, (model._meta.label, role, relation)
        else:  # no page shows such a case; its former owner's record is read by list
            assert by_case == set(), (model._meta.label, role, relation)
        if model in COMPILED_READERS:
            assert by_case == compiled_rows(model, case_access), (model._meta.label, role)
        if model in READ_WITH_THE_CASE and case_access.visible:  # sorted by reads_row
            page = case_queries.case_page(user, s.case.pk)[0]
            page_rows = getattr(page, READ_WITH_THE_CASE[model])
            assert by_case == {row.pk for row in page_rows}, (model._meta.label, role, relation)


# What the case page reads with the case (cases.queries.rows_under), before its access is known.
READ_WITH_THE_CASE = {ServiceDelivery: "page_deliveries", ConsentEvent: "page_consent_events"}

# What the case page reads through queries compiled once per connection and kind of access
# (cases.queries.rows_of_case). Every cell of the table runs in turn on the same connection, so
# each one's rows are read by whatever was compiled for the cells before it.
COMPILED_READERS = {
    LegalProceeding: (case_queries._proceedings,),
    Note: (case_queries._notes, None),  # every note, not the page's latest few
}


def compiled_rows(model, case_access) -> set[int]:
    reader, *more = COMPILED_READERS[model]
    return {row.pk for row in case_queries.rows_of_case(reader, case_access, *more)}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), CELLS)
def test_the_referrals_of_one_case_are_those_referral_q_gives(role, relation):
    """The case page's referral panel reads by `case_referral_q`, the rule for the case it has
    authorised, with no join to the cases: the same referrals as `referral_q` on that case."""
    s = build(role, relation)
    user = s.actor.user
    case_access = access.access_to(user, s.case)
    on_the_case = Referral.objects.with_scopes_disabled().filter(case=s.case)
    assert on_the_case.count() >= 1  # the owner's to a third member, at least
    by_referral_q = set(on_the_case.filter(referral_q(user)).values_list("pk", flat=True))
    one_case = case_referral_q(user, case_access)
    read_by_one_case = Referral.objects.with_scopes_disabled().filter(one_case)
    by_case = set(read_by_one_case.values_list("pk", flat=True))
    panel = {referral.pk for referral in referrals_of_case(user, s.case, case_access)}
    assert panel == by_case, (role, relation)
    assert one_case is access.NOTHING or not empty_sets(one_case), (role, relation)
    if case_access.visible:
        assert by_case == by_referral_q, (role, relation)
        assert '"cases_case"' not in str(read_by_one_case.query)
    else:  # the case page is a 404: no panel
        assert by_case == set(), (role, relation)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), CELLS)
def test_the_inbox_receives_the_referrals_referral_q_gives(role, relation):
    """The inbox asks for its desk's referrals by the organisation alone (the desk answers for
    every referral to it): its received tabs hold what `referral_q` gives, whoever asks."""
    s = build(role, relation)
    user = s.actor.user
    to_us = Referral.objects.visible_to(user).filter(to_organization=s.actor.organization)
    by_referral_q = set(to_us.values_list("pk", flat=True))
    received = {r.pk for tab in ("pending", "accepted", "history") for r in inbox(user, tab)}
    assert received == by_referral_q, (role, relation)
