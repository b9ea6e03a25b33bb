"""Withdrawn consent ends referrals at once; renewed consent lets the case be referred again."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cases.consent import record_consent
from cases.models import Case
from coalition.models import Notification
from coalition.notifications import body_of, subject_of
from members.models import Organization, ServiceOffering
from members.roles import Role
from referrals import services
from referrals.models import Referral, ReferralEvent, Status
from referrals.workflow import TransitionRefused
from tests.cases.test_concurrency import run_in_threads
from tests.factories import make_staff


def send(case, by, to, service):
    return services.send_referral(
        case=case,
        by=by,
        to_organization=to,
        service=service,
        urgency="routine",
        reason="Shelter for two weeks.",
        sections=["needs"],
    )


def status_of(referral) -> str:
    return Referral.objects.with_scopes_disabled().get(pk=referral.pk).status


@pytest.fixture
def third_member(legal_aid):
    organization = Organization.objects.filter(kind="member").exclude(
        short_name__in=["Sahil", "LAS"]
    )[0]
    ServiceOffering.objects.create(organization=organization, service=legal_aid, province="punjab")
    make_staff(organization, Role.REFERRAL_DESK, "third-desk")
    return organization


def test_renewal_after_withdrawal_lets_a_referral_be_sent(
    as_user, caseworker_a, consenting_case, referral, org_b, legal_aid
):
    record_consent(case=consenting_case, by=caseworker_a.user, kind="withdrawn")
    client = as_user(caseworker_a)
    refused = client.get(f"/referrals/new/{consenting_case.pk}/").content.decode()
    assert "consent does not cover sharing" in refused
    assert "record a renewal" in refused
    with pytest.raises(ValidationError, match="consent does not cover sharing"):
        send(consenting_case, caseworker_a.user, org_b, legal_aid)
    record_consent(
        case=consenting_case,
        by=caseworker_a.user,
        kind="renewed",
        record=True,
        share_coalition=True,
    )
    page = client.get(f"/referrals/new/{consenting_case.pk}/").content.decode()
    assert "consent does not cover sharing" not in page
    again = send(consenting_case, caseworker_a.user, org_b, legal_aid)
    assert again.status == Status.PENDING


def test_withdrawal_ends_pending_and_accepted_referrals_at_once_and_tells_the_desk_without_the_name(
    caseworker_a, consenting_case, referral, desk_b, supervisor_b, caseworker_b, third_member,
    legal_aid,
):  # fmt: skip
    services.accept(referral=referral, by=desk_b.user, assigned_to=caseworker_b)
    pending = send(consenting_case, caseworker_a.user, third_member, legal_aid)
    Notification.objects.all().delete()
    record_consent(case=consenting_case, by=caseworker_a.user, kind="withdrawn")
    assert status_of(referral) == Status.WITHDRAWN
    assert status_of(pending) == Status.WITHDRAWN
    ends = ReferralEvent.objects.filter(to_status=Status.WITHDRAWN, by__isnull=True)
    assert ends.count() == 2
    told = Notification.objects.filter(kind="referral_consent_withdrawn")
    assert {n.recipient for n in told.filter(link=f"/referrals/{referral.pk}/")} == {
        desk_b.user,
        supervisor_b.user,
        caseworker_b.user,
    }
    assert [n.recipient.username for n in told.filter(link=f"/referrals/{pending.pk}/")] == [
        "third-desk"
    ]
    for notice in told:
        text = subject_of(notice) + body_of(notice) + str(notice.params)
        assert "Kiran" not in text and "FIR" not in text and "+9230" not in text
        assert consenting_case.number in subject_of(notice)
    # The receivers no longer see the case.
    assert not Case.objects.visible_to(desk_b.user).filter(pk=consenting_case.pk).exists()


def test_narrowing_away_coalition_sharing_ends_the_referrals_too(
    caseworker_a, consenting_case, referral
):
    record_consent(case=consenting_case, by=caseworker_a.user, kind="narrowed", record=True)
    assert status_of(referral) == Status.WITHDRAWN


def test_a_pending_referral_on_a_withdrawn_case_cannot_be_accepted(
    referral, desk_b, consenting_case
):
    # Consent gone without the referral being ended (data from before, or a receiver that failed).
    Case.objects.with_scopes_disabled().filter(pk=consenting_case.pk).update(
        consent_share_coalition=False, consent_withdrawn_at=timezone.localdate()
    )
    with pytest.raises(TransitionRefused, match="consent"):
        services.accept(referral=referral, by=desk_b.user)
    assert status_of(referral) == Status.PENDING


def test_the_sender_still_withdraws_only_a_pending_referral(referral, desk_b, caseworker_a):
    services.accept(referral=referral, by=desk_b.user)
    with pytest.raises(TransitionRefused):
        services.withdraw(referral=referral, by=caseworker_a.user)
    assert status_of(referral) == Status.ACCEPTED


def test_a_withdrawal_leaves_ended_referrals_as_they_were(
    caseworker_a, consenting_case, referral, desk_b
):
    services.decline(referral=referral, by=desk_b.user, reason="no_capacity")
    record_consent(case=consenting_case, by=caseworker_a.user, kind="withdrawn")
    assert status_of(referral) == Status.DECLINED
    assert not Notification.objects.filter(kind="referral_consent_withdrawn").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_accept_at_the_moment_of_withdrawal_leaves_no_referral_open(
    caseworker_a, consenting_case, referral, desk_b
):
    def accept():
        try:
            services.accept(referral=referral, by=desk_b.user)
        except TransitionRefused:
            return "refused"
        return "accepted"

    def withdraw():
        record_consent(case=consenting_case, by=caseworker_a.user, kind="withdrawn")
        return "withdrawn"

    jobs = iter([accept, withdraw])
    results, errors = run_in_threads(lambda: next(jobs)(), 2)
    assert errors == [] and "withdrawn" in results
    assert status_of(referral) == Status.WITHDRAWN
