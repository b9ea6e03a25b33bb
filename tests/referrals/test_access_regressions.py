"""Regressions of the access defects found from outside, each written to fail on the code before
the one access layer: rows written without a check, status moves judged on a stale object, an
edit conflict overwritten on the next click, a declined referral still read by the receiver."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from cases import services as case_services
from cases.models import Case, CaseChange, LegalProceeding, Note
from referrals import jobs
from referrals import services as referral_services
from tests.cases.conftest import edit_data
from tests.factories import make_staff


def cases():
    return Case.objects.with_scopes_disabled()


def fir(case, by) -> LegalProceeding:
    return case_services.save_proceeding(
        proceeding=LegalProceeding(
            case=case, authority="police", law="ptpa_2018", stage="fir", fir_number="12/2026"
        ),
        by=by.user,
    )


def test_a_per_case_grantee_reads_but_cannot_write(consenting_case, supervisor_a, caseworker_b):
    case_services.grant_case_access(
        case=consenting_case, by=supervisor_a.user, grantee=caseworker_b.user
    )
    assert Case.objects.visible_to(caseworker_b.user).filter(pk=consenting_case.pk).exists()
    with pytest.raises(PermissionDenied):
        case_services.add_note(case=consenting_case, by=caseworker_b.user, text="x")
    with pytest.raises(PermissionDenied):
        fir(consenting_case, caseworker_b)
    assert not Note.objects.with_scopes_disabled().filter(case=consenting_case).exists()


def test_a_receiver_with_the_legal_track_shared_cannot_rewrite_the_owners_fir(
    consenting_case, caseworker_a, org_b, legal_aid, offering_b, desk_b
):
    proceeding = fir(consenting_case, caseworker_a)
    referral = referral_services.send_referral(
        case=consenting_case,
        by=caseworker_a.user,
        to_organization=org_b,
        service=legal_aid,
        urgency="routine",
        reason="Bail.",
        sections=["survivor", "legal"],
    )
    referral_services.accept(referral=referral, by=desk_b.user)
    proceeding.fir_number = "99/2026"
    with pytest.raises(PermissionDenied):
        case_services.save_proceeding(proceeding=proceeding, by=desk_b.user)
    with pytest.raises(PermissionDenied):
        case_services.add_hearing(proceeding=proceeding, by=desk_b.user, on=proceeding.fir_date)
    stored = LegalProceeding.objects.with_scopes_disabled().get(pk=proceeding.pk)
    assert stored.fir_number == "12/2026"
    # What it records itself is its own to change.
    own = fir(consenting_case, desk_b)
    own.stage = "investigation"
    case_services.save_proceeding(proceeding=own, by=desk_b.user)


def test_nothing_is_recorded_on_a_closed_case(consenting_case, caseworker_a, supervisor_a):
    case_services.request_closure(case=consenting_case, by=caseworker_a.user, reason="reintegrated")
    case_services.approve_closure(case=consenting_case, by=supervisor_a.user)
    with pytest.raises(ValidationError):
        case_services.add_note(case=consenting_case, by=caseworker_a.user, text="x")


def test_a_stale_status_change_cannot_make_a_closed_case_active(
    consenting_case, caseworker_a, supervisor_a
):
    stale = cases().get(pk=consenting_case.pk)  # the caseworker's page, opened before closure
    case_services.request_closure(case=consenting_case, by=caseworker_a.user, reason="reintegrated")
    case_services.approve_closure(case=consenting_case, by=supervisor_a.user)
    with pytest.raises(ValidationError):
        case_services.set_status(case=stale, by=caseworker_a.user, status="active")
    case = cases().get(pk=consenting_case.pk)
    assert case.status == "closed" and case.closed_at is not None


def test_a_closure_sent_back_cannot_then_be_approved_from_a_stale_page(
    consenting_case, caseworker_a, supervisor_a, org_a
):
    other_supervisor = make_staff(org_a, "supervisor", "a-supervisor2")
    case_services.request_closure(case=consenting_case, by=caseworker_a.user, reason="reintegrated")
    stale = cases().get(pk=consenting_case.pk)
    case_services.send_back_closure(case=consenting_case, by=supervisor_a.user, note="Not yet")
    with pytest.raises(ValidationError):
        case_services.approve_closure(case=stale, by=other_supervisor.user)
    assert cases().get(pk=consenting_case.pk).status == "open"  # as it was before the request


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_approve_and_send_back_at_once_leave_one_consistent_answer(org_a):
    from tests.cases.conftest import open_case

    caseworker = make_staff(org_a, "caseworker", "race-caseworker")
    first, second = (make_staff(org_a, "supervisor", f"race-supervisor{i}") for i in (1, 2))
    case = open_case(caseworker, consent_share_coalition=True)
    case_services.request_closure(case=case, by=caseworker.user, reason="reintegrated")
    barrier, outcomes = threading.Barrier(2), []

    def act(do):
        try:
            barrier.wait()
            do()
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(
            target=act, args=(lambda: case_services.approve_closure(case=case, by=first.user),)
        ),
        threading.Thread(
            target=act,
            args=(lambda: case_services.send_back_closure(case=case, by=second.user, note="No"),),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    final = cases().get(pk=case.pk)
    assert (final.status, final.closed_at is not None) in (("closed", True), ("open", False))


def test_after_an_edit_conflict_the_next_save_is_made_knowing_the_other_change(
    as_user, consenting_case, caseworker_a, supervisor_a
):
    opened = cases().get(pk=consenting_case.pk)  # the caseworker opens the form: version 1
    case_services.update_case(
        case=opened, by=supervisor_a.user, expected_version=1, changes={"summary": "Supervisor's"}
    )
    client = as_user(caseworker_a)
    refused = client.post(
        f"/cases/{opened.pk}/edit/", edit_data(opened, summary="Caseworker's")
    ).content.decode()
    assert "Supervisor&#x27;s" in refused  # what the other person saved is shown
    assert cases().get(pk=opened.pk).summary == "Supervisor's"
    # The re-shown form still carries the version the caseworker started from, and the one
    # they have now seen; a third save in between is refused again, never overwritten.
    case_services.update_case(
        case=opened, by=supervisor_a.user, expected_version=2, changes={"summary": "Third"}
    )
    again = client.post(
        f"/cases/{opened.pk}/edit/",
        {**edit_data(opened, summary="Caseworker's"), "seen_version": 2},
    )
    assert again.status_code == 200
    assert cases().get(pk=opened.pk).summary == "Third"
    seen = client.post(
        f"/cases/{opened.pk}/edit/",
        {**edit_data(opened, summary="Caseworker's"), "seen_version": 3},
    )
    assert seen.status_code == 302
    assert cases().get(pk=opened.pk).summary == "Caseworker's"


def test_assigning_writes_one_history_row(consenting_case, supervisor_a, caseworker_a2):
    case_services.assign_case(case=consenting_case, by=supervisor_a.user, assignee=caseworker_a2)
    rows = CaseChange.objects.with_scopes_disabled().filter(case=consenting_case, what="assigned")
    assert rows.count() == 1
    assert rows.get().new == str(caseworker_a2.pk)


def test_a_declined_referral_no_longer_shows_its_reason_or_the_persons_district(
    as_user, referral, desk_b
):
    client = as_user(desk_b)
    assert "bail hearing" in client.get(f"/referrals/{referral.pk}/").content.decode()
    referral_services.decline(referral=referral, by=desk_b.user, reason="no_capacity")
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "bail hearing" not in page
    assert referral.case.origin_district not in page


def test_a_caseworker_named_on_an_accepted_referral_answers_it_without_the_desk_permission(
    referral, desk_b, caseworker_b
):
    referral_services.accept(referral=referral, by=desk_b.user, assigned_to=caseworker_b)
    done = referral_services.complete(
        referral=referral, by=caseworker_b.user, outcome="service_provided"
    )
    assert done.status == "completed"


def test_the_daily_digest_counts_referrals_for_whoever_answers_them(
    referral, desk_b, supervisor_b, caseworker_b
):
    jobs.daily_digest()
    from coalition.models import Notification

    digests = Notification.objects.filter(kind="daily_digest", params__pending=1)
    assert set(digests.values_list("recipient", flat=True)) == {
        desk_b.user_id,
        supervisor_b.user_id,
    }


def test_a_switched_off_organisation_sees_no_case_it_was_named_on(
    referral, desk_b, caseworker_b, org_b, secretariat_admin
):
    from members.services import save_organization

    referral_services.accept(referral=referral, by=desk_b.user, assigned_to=caseworker_b)
    assert Case.objects.visible_to(caseworker_b.user).filter(pk=referral.case_id).exists()
    org_b.active = False
    save_organization(organization=org_b, by=secretariat_admin.user, changed=["active"])
    fresh = type(caseworker_b.user).objects.get(pk=caseworker_b.user_id)
    assert not Case.objects.visible_to(fresh).filter(pk=referral.case_id).exists()
