"""Moving a case to another member: who sees what before and after, and what moves."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Case, Document, Note
from cases.queries import CaseFilters, case_list
from cases.transfer import services
from cases.transfer.models import CaseTransfer, TransferStatus
from coalition.models import AccessLog, Notification
from referrals.models import Referral
from tests.cases.conftest import open_case


def fresh(case) -> Case:
    return Case.objects.with_scopes_disabled().get(pk=case.pk)


def test_the_receiving_supervisor_sees_the_transfer_but_not_the_case_before_accepting(
    proposed, moving_case, supervisor_b, caseworker_b, as_user
):
    client = as_user(supervisor_b)
    page = client.get(f"/cases/transfers/{proposed.pk}/")
    assert page.status_code == 200
    assert "The person moved to Lahore" in page.content.decode()
    assert "Parveen" not in page.content.decode()
    assert client.get(f"/cases/{moving_case.pk}/").status_code == 404
    assert as_user(caseworker_b).get(f"/cases/transfers/{proposed.pk}/").status_code == 404
    assert Notification.objects.filter(recipient=supervisor_b.user, kind="transfer_proposed")
    assert AccessLog.objects.filter(verb="transfer.viewed", actor=supervisor_b.user).exists()


def test_accepting_moves_the_case_its_number_and_file_to_the_new_owner(
    proposed, moving_case, caseworker_a, supervisor_a, supervisor_b, caseworker_b, as_user
):
    old_number = moving_case.number
    services.accept_transfer(transfer=proposed, by=supervisor_b.user, assign_to=caseworker_b)
    case = fresh(moving_case)
    assert case.organization_id == supervisor_b.organization_id
    assert case.number.startswith("LAS-") and case.number != old_number
    assert case.former_numbers == old_number
    assert case.assigned_to_id == caseworker_b.pk
    # The new owner's caseworker sees the whole file, and finds it by the old number.
    assert as_user(caseworker_b).get(f"/cases/{case.pk}/").status_code == 200
    found = case_list(caseworker_b.user, CaseFilters(q=old_number))
    assert [c.pk for c in found] == [case.pk]
    assert Note.objects.visible_to(caseworker_b.user).filter(case=case).exists()
    # The old owner: the case is gone (404), its own rows stay, read-only.
    for old in (caseworker_a, supervisor_a):
        client = as_user(old)
        assert client.get(f"/cases/{case.pk}/").status_code == 404
        assert client.get(f"/cases/{case.pk}/notes/").status_code == 404
        record = client.get(f"/cases/transfers/{proposed.pk}/").content.decode()
        assert "Own note 4412 by Sahil." in record
        assert "Legal Aid Society" in record or "LAS" in record  # moved, and to whom
        assert old_number in record
    assert not case_list(supervisor_a.user, CaseFilters()).filter(pk=case.pk).exists()
    document = Document.objects.visible_to(caseworker_a.user).get(case=case)
    download = as_user(caseworker_a).get(f"/cases/transfers/{proposed.pk}/documents/{document.pk}/")
    assert download.status_code == 200
    verbs = set(AccessLog.objects.values_list("verb", flat=True))
    assert {"transfer.proposed", "transfer.accepted", "case.transferred"} <= verbs


def test_the_old_owner_cannot_write_on_a_case_that_moved(
    proposed, moving_case, caseworker_a, supervisor_b
):
    from cases import services as case_services

    services.accept_transfer(transfer=proposed, by=supervisor_b.user)
    with pytest.raises(PermissionDenied):
        case_services.add_note(case=fresh(moving_case), by=caseworker_a.user, text="x")
    assert fresh(moving_case).assigned_to_id is None  # the receiving supervisor assigns later


def test_every_referral_on_the_case_follows_the_new_owner(
    outgoing_referral, proposed, moving_case, supervisor_b, desk_a, desk_b, as_user
):
    services.accept_transfer(transfer=proposed, by=supervisor_b.user)
    referral = Referral.objects.with_scopes_disabled().get(pk=outgoing_referral.pk)
    assert referral.from_organization_id == supervisor_b.organization_id
    assert Referral.objects.visible_to(desk_b.user).filter(pk=referral.pk).exists()
    assert not Referral.objects.visible_to(desk_a.user).filter(pk=referral.pk).exists()
    assert as_user(desk_a).get(f"/referrals/{referral.pk}/").status_code == 404


def test_declining_leaves_the_case_where_it_was(
    proposed, moving_case, caseworker_a, supervisor_b, as_user
):
    services.decline_transfer(transfer=proposed, by=supervisor_b.user, note="No capacity.")
    assert fresh(moving_case).organization_id == caseworker_a.organization_id
    assert fresh(moving_case).number == moving_case.number
    assert as_user(caseworker_a).get(f"/cases/{moving_case.pk}/").status_code == 200
    assert as_user(supervisor_b).get(f"/cases/{moving_case.pk}/").status_code == 404
    with pytest.raises(ValidationError):
        services.accept_transfer(transfer=proposed, by=supervisor_b.user)
    assert Notification.objects.filter(recipient=caseworker_a.user, kind="transfer_declined")


def test_a_transfer_needs_the_persons_agreement_and_one_at_a_time(
    moving_case, caseworker_a, org_b, proposed
):
    with pytest.raises(ValidationError, match="already has a transfer"):
        services.propose_transfer(
            case=moving_case, by=caseworker_a.user, to_organization=org_b, reason="x",
            consent_given_on=proposed.consent_given_on,
        )  # fmt: skip
    services.withdraw_transfer(case=moving_case, by=caseworker_a.user)
    with pytest.raises(ValidationError, match="person agrees"):
        services.propose_transfer(
            case=moving_case, by=caseworker_a.user, to_organization=org_b, reason="x",
            consent_given_on=None,
        )  # fmt: skip
    assert CaseTransfer.objects.with_scopes_disabled().get().status == TransferStatus.WITHDRAWN


def test_only_the_receiving_supervisors_answer(proposed, supervisor_a, caseworker_b, desk_b):
    for other in (supervisor_a, caseworker_b, desk_b):
        with pytest.raises(PermissionDenied):
            services.accept_transfer(transfer=proposed, by=other.user)


def test_accepting_through_the_page_assigns_the_chosen_caseworker(
    proposed, moving_case, supervisor_b, caseworker_b, as_user
):
    response = as_user(supervisor_b).post(
        f"/cases/transfers/{proposed.pk}/accept/", {"assign_to": caseworker_b.pk}
    )
    assert response.status_code == 302 and response.url == f"/cases/{moving_case.pk}/"
    assert fresh(moving_case).assigned_to_id == caseworker_b.pk


def test_the_transfer_list_reads_a_fixed_number_of_queries(
    proposed, caseworker_a, org_b, supervisor_b, as_user, django_assert_max_num_queries
):
    for n in range(5):
        case = open_case(caseworker_a, alias=f"Moving {n}")
        services.propose_transfer(
            case=case, by=caseworker_a.user, to_organization=org_b, reason="x",
            consent_given_on=proposed.consent_given_on,
        )  # fmt: skip
    client = as_user(supervisor_b)
    client.get("/cases/transfers/")
    # Session, user, permissions, facts, the transfers with their cases and organisations, the
    # unread badge, the session's save: the same for one transfer or six.
    with django_assert_max_num_queries(12):
        page = client.get("/cases/transfers/")
    assert len(re.findall(r'href="/cases/transfers/\d+/"', page.content.decode())) == 6


def test_a_case_closed_while_its_transfer_waited_does_not_move(proposed, moving_case, supervisor_b):
    Case.objects.with_scopes_disabled().filter(pk=moving_case.pk).update(status="closed")
    with pytest.raises(ValidationError, match="closed after the transfer"):
        services.accept_transfer(transfer=proposed, by=supervisor_b.user)
    assert fresh(moving_case).organization_id == moving_case.organization_id
    assert CaseTransfer.objects.with_scopes_disabled().get().status == TransferStatus.PENDING
