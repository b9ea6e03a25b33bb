"""Consent as a history: given, renewed, narrowed, withdrawn (cases/consent.py)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from cases import services
from cases.consent import record_consent
from cases.models import Case, CaseChange, ConsentEvent
from coalition.models import AccessLog
from tests.factories import SESSION_QUERIES

from .conftest import edit_data, open_case

CONSENT_PAGE_QUERIES = 2 + SESSION_QUERIES  # the signed-in person, the case, its history


def reread(case: Case) -> Case:
    return Case.objects.with_scopes_disabled().get(pk=case.pk)


def events(case: Case) -> list[ConsentEvent]:
    return list(ConsentEvent.objects.with_scopes_disabled().filter(case=case).order_by("id"))


@pytest.fixture
def sharing_case(caseworker_a) -> Case:
    week_ago = timezone.localdate() - timedelta(days=7)
    return open_case(
        caseworker_a,
        full_name="Kiran Bibi",
        consent_share_coalition=True,
        phone="+923001112223",
        intake_date=week_ago,
        consent_date=week_ago,
    )


def test_consent_given_at_intake_starts_the_history(caseworker_a, sharing_case):
    (given,) = events(sharing_case)
    assert given.kind == "given" and given.recorded_by == caseworker_a.user
    assert given.consent_record and given.consent_share_coalition
    assert not given.consent_share_law_enforcement
    assert given.date == timezone.localdate() - timedelta(days=7)  # the consent date


def test_withdrawal_ends_both_kinds_of_sharing_and_keeps_the_record(caseworker_a, sharing_case):
    yesterday = timezone.localdate() - timedelta(days=1)
    record_consent(
        case=sharing_case, by=caseworker_a.user, kind="withdrawn", on=yesterday, note="By phone"
    )
    case = reread(sharing_case)
    assert case.consent_withdrawn_at == yesterday and case.consent_record
    assert not case.consent_share_coalition and not case.consent_share_law_enforcement
    assert not case.can_share_with_coalition
    withdrawal = events(case)[-1]
    assert (withdrawal.kind, withdrawal.date, withdrawal.note) == (
        "withdrawn",
        yesterday,
        "By phone",
    )
    assert not withdrawal.consent_share_coalition
    assert CaseChange.objects.with_scopes_disabled().filter(
        case=case, what="consent_withdrawn", field="consent_share_coalition"
    )
    entry = AccessLog.objects.get(verb="case.consent_withdrawn")
    assert entry.case_id == case.pk and entry.details["event"] == withdrawal.pk
    with pytest.raises(ValidationError, match="already withdrawn"):
        record_consent(case=case, by=caseworker_a.user, kind="withdrawn")


def test_renewal_after_withdrawal_clears_it_and_is_a_dated_row_with_who_recorded_it(
    caseworker_a, sharing_case
):
    record_consent(case=sharing_case, by=caseworker_a.user, kind="withdrawn")
    with pytest.raises(ValidationError, match="renewal"):
        record_consent(
            case=sharing_case, by=caseworker_a.user, kind="given", record=True, share_coalition=True
        )
    today = timezone.localdate()
    record_consent(
        case=sharing_case,
        by=caseworker_a.user,
        kind="renewed",
        record=True,
        share_coalition=True,
        on=today,
    )
    case = reread(sharing_case)
    assert case.consent_withdrawn_at is None and case.can_share_with_coalition
    assert case.consent_date == today and case.consent_recorded_by == caseworker_a.user
    assert [e.kind for e in events(case)] == ["given", "withdrawn", "renewed"]
    assert events(case)[-1].recorded_by == caseworker_a.user


def test_narrowing_only_takes_consent_away(caseworker_a, sharing_case):
    with pytest.raises(ValidationError, match="only takes consent away"):
        record_consent(
            case=sharing_case,
            by=caseworker_a.user,
            kind="narrowed",
            record=True,
            share_coalition=True,
            share_law_enforcement=True,
        )
    with pytest.raises(ValidationError, match="leave the name"):
        record_consent(case=sharing_case, by=caseworker_a.user, kind="narrowed", record=False)
    record_consent(case=sharing_case, by=caseworker_a.user, kind="narrowed", record=True)
    case = reread(sharing_case)
    assert case.consent_record and not case.consent_share_coalition
    assert case.consent_withdrawn_at is None
    assert events(case)[-1].kind == "narrowed"


def test_sharing_needs_consent_to_record_and_the_date_cannot_be_in_the_future(
    caseworker_a, sharing_case
):
    with pytest.raises(ValidationError, match="Sharing needs consent to record"):
        record_consent(
            case=sharing_case, by=caseworker_a.user, kind="renewed", share_coalition=True
        )
    with pytest.raises(ValidationError):
        record_consent(
            case=sharing_case,
            by=caseworker_a.user,
            kind="renewed",
            record=True,
            on=timezone.localdate() + timedelta(days=1),
        )
    assert len(events(sharing_case)) == 1


def test_an_outsider_organisation_cannot_record_consent_on_a_case(
    as_user, caseworker_b, supervisor_b, admin_a, sharing_case
):
    for outsider in (caseworker_b, supervisor_b):
        with pytest.raises(PermissionDenied):
            record_consent(case=sharing_case, by=outsider.user, kind="withdrawn")
        client = as_user(outsider)
        assert client.get(f"/cases/{sharing_case.pk}/consent/").status_code == 404
        response = client.post(f"/cases/{sharing_case.pk}/consent/", {"kind": "withdrawn"})
        assert response.status_code == 404
    with pytest.raises(PermissionDenied):  # nor a role of the organisation that works no cases
        record_consent(case=sharing_case, by=admin_a.user, kind="withdrawn")
    case = reread(sharing_case)
    assert case.can_share_with_coalition and len(events(case)) == 1


def test_the_consent_form_records_a_renewal_and_the_case_page_lists_the_history(
    as_user, caseworker_a, sharing_case
):
    record_consent(case=sharing_case, by=caseworker_a.user, kind="withdrawn")
    client = as_user(caseworker_a)
    page = client.get(f"/cases/{sharing_case.pk}/").content.decode()
    assert f"/cases/{sharing_case.pk}/consent/" in page
    assert "Consent to sharing withdrawn" in page and "Consent given" in page
    form = client.get(f"/cases/{sharing_case.pk}/consent/")
    assert form.context["form"].initial["kind"] == "renewed"
    refused = client.post(
        f"/cases/{sharing_case.pk}/consent/",
        {"kind": "given", "record": "on", "share_coalition": "on", "on": "2026-01-01"},
    )
    assert refused.status_code == 200 and "renewal" in refused.content.decode()
    response = client.post(
        f"/cases/{sharing_case.pk}/consent/",
        {
            "kind": "renewed",
            "record": "on",
            "share_coalition": "on",
            "on": timezone.localdate().isoformat(),
            "note": "In person at the office",
        },
    )
    assert response.status_code == 302
    assert reread(sharing_case).can_share_with_coalition
    page = client.get(f"/cases/{sharing_case.pk}/").content.decode()
    assert "Consent renewed" in page and "In person at the office" in page


def test_the_case_file_no_longer_changes_consent(as_user, caseworker_a, sharing_case):
    data = edit_data(sharing_case, consent_share_coalition="", consent_record="", summary="Seen.")
    response = as_user(caseworker_a).post(f"/cases/{sharing_case.pk}/edit/", data)
    assert response.status_code == 302
    case = reread(sharing_case)
    assert case.summary == "Seen." and case.can_share_with_coalition
    with pytest.raises(ValueError):
        services.update_case(
            case=case,
            by=caseworker_a.user,
            expected_version=case.version,
            changes={"consent_withdrawn_at": None},
        )


def test_without_consent_to_record_the_case_file_still_refuses_a_name(as_user, caseworker_a):
    case = open_case(caseworker_a, consent_record=False, alias="Guddi")
    assert events(case) == []
    response = as_user(caseworker_a).post(
        f"/cases/{case.pk}/edit/", edit_data(case, full_name="Guddi Bibi")
    )
    assert response.status_code == 200
    assert "Without consent to record" in response.content.decode()
    assert reread(case).full_name == ""


def test_the_backfill_starts_each_existing_cases_history_from_its_consent_fields(caseworker_a):
    from importlib import import_module

    from django.apps import apps

    backfill = import_module("cases.migrations.0005_consent_history_backfill").backfill
    withdrawn_on = timezone.localdate() - timedelta(days=3)
    consenting = open_case(caseworker_a, alias="A", consent_share_coalition=True)
    withdrawn = open_case(caseworker_a, alias="B")
    unrecorded = open_case(caseworker_a, alias="C", consent_record=False)
    Case.objects.with_scopes_disabled().filter(pk=withdrawn.pk).update(
        consent_withdrawn_at=withdrawn_on
    )
    ConsentEvent.objects.with_scopes_disabled().all().delete()  # as before the history was kept
    backfill(apps, None)
    (given,) = events(consenting)
    assert given.kind == "given" and given.consent_share_coalition
    assert given.recorded_by == caseworker_a.user and given.date == consenting.consent_date
    assert [(e.kind, e.date) for e in events(withdrawn)] == [
        ("given", withdrawn.consent_date),
        ("withdrawn", withdrawn_on),
    ]
    assert events(unrecorded) == []


def test_the_consent_page_makes_a_fixed_number_of_queries(
    as_user, caseworker_a, sharing_case, django_assert_max_num_queries
):
    client = as_user(caseworker_a)
    client.get(f"/cases/{sharing_case.pk}/consent/")
    with django_assert_max_num_queries(CONSENT_PAGE_QUERIES) as first:
        client.get(f"/cases/{sharing_case.pk}/consent/")
        assert len(first) == CONSENT_PAGE_QUERIES
        first_queries = len(first)  # read inside: a later request clears the query log
    for _ in range(3):
        record_consent(case=sharing_case, by=caseworker_a.user, kind="withdrawn")
        record_consent(case=sharing_case, by=caseworker_a.user, kind="renewed", record=True)
    client.get(f"/cases/{sharing_case.pk}/consent/")  # consent changes renewed the access facts
    with django_assert_max_num_queries(first_queries):
        assert client.get(f"/cases/{sharing_case.pk}/consent/").status_code == 200


def test_a_consent_record_is_dated_after_the_intake_and_the_last_one(caseworker_a):
    today = timezone.localdate()
    intake = today - timedelta(days=10)
    case = open_case(
        caseworker_a,
        full_name="Kiran Bibi",
        consent_share_coalition=True,
        intake_date=intake,
        consent_date=intake,
    )
    with pytest.raises(ValidationError, match=intake.isoformat()):
        record_consent(
            case=case, by=caseworker_a.user, kind="renewed", record=True, on=intake - timedelta(1)
        )
    record_consent(case=case, by=caseworker_a.user, kind="narrowed", record=True, on=today)
    with pytest.raises(ValidationError, match=today.isoformat()):
        record_consent(case=case, by=caseworker_a.user, kind="withdrawn", on=intake)
    record_consent(case=case, by=caseworker_a.user, kind="withdrawn", on=today)
    assert [event.kind for event in events(case)] == ["given", "narrowed", "withdrawn"]


@pytest.mark.parametrize("kind", ["renewed", "narrowed", "withdrawn"])
def test_the_history_names_each_kind_of_consent_record_in_the_readers_language(
    as_user, caseworker_a, sharing_case, kind
):
    record_consent(case=sharing_case, by=caseworker_a.user, kind=kind, record=True)
    label = dict(ConsentEvent.Kind.choices)[kind]
    client = as_user(caseworker_a)
    page = client.get(f"/cases/{sharing_case.pk}/history/").content.decode()
    assert str(label) in page and f"consent_{kind}" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    page = client.get(f"/cases/{sharing_case.pk}/history/").content.decode()
    with translation.override("ur"):
        urdu = str(label)
    with translation.override("en"):
        assert urdu != str(label)
    assert urdu in page and f"consent_{kind}" not in page


def test_the_case_page_shows_the_consent_history_newest_first_with_its_notes(
    as_user, caseworker_a, sharing_case
):
    """The events come with the case's own query as JSON (cases.queries.rows_under): their
    encrypted notes are decrypted and their order is the model's, last recorded first."""
    record_consent(case=sharing_case, by=caseworker_a.user, kind="withdrawn", note="By phone")
    record_consent(
        case=sharing_case, by=caseworker_a.user, kind="renewed", record=True,
        share_coalition=True, note="At the shelter",
    )  # fmt: skip
    page = as_user(caseworker_a).get(f"/cases/{sharing_case.pk}/").content.decode()
    history = page[page.index("Consent history") :]
    renewed, withdrawn = history.index("At the shelter"), history.index("By phone")
    assert renewed < withdrawn < history.index("Consent given")
    assert caseworker_a.display_name in history
