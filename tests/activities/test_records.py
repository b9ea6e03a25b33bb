"""Each record of the coalition's own work is written by its service, for the acting member's own
organisation, with an access-log entry; roles that do not record are refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coalition.activities import services
from coalition.activities.models import Activity, BidInterest, FundingCall, Stakeholder
from coalition.models import AccessLog

from .conftest import record_walk


def test_an_activity_is_recorded_under_the_recorders_own_organisation_with_its_participants(
    caseworker_a, org_a
):
    activity = record_walk(caseworker_a.user)
    assert activity.organization == org_a
    counts = {
        row.group: (row.female, row.male, row.transgender) for row in activity.participation.all()
    }
    assert counts == {"community": (40, 35, 5), "survivors": (3, 0, 0)}
    assert list(activity.topics.values_list("topic", flat=True)) == ["trafficking"]
    entry = AccessLog.objects.get(verb="activity.recorded")
    assert entry.organization == org_a and entry.target_id == activity.pk


def test_a_double_submit_of_the_activity_form_records_one_activity(caseworker_a):
    first = record_walk(caseworker_a.user, idempotency_key="k-1")
    again = record_walk(caseworker_a.user, idempotency_key="k-1")
    assert first.pk == again.pk
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("who", ["desk_a", "analyst"])
def test_the_referral_desk_and_the_analyst_record_no_activity(request, who):
    staff = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        record_walk(staff.user)


def test_another_member_cannot_change_the_activity_even_as_co_organiser(
    walk_a, supervisor_b, org_b
):
    walk_a.co_organizers.add(org_b)
    with pytest.raises(PermissionDenied):
        services.update_activity(activity=walk_a, by=supervisor_b.user, title="Renamed")
    with pytest.raises(PermissionDenied):
        services.set_participation(activity=walk_a, by=supervisor_b.user, counts={})


def test_the_recording_member_changes_title_topics_and_participants(walk_a, caseworker_a):
    services.update_activity(
        activity=walk_a, by=caseworker_a.user, title="Walk, Jhelum city", topics=["gender"]
    )
    services.set_participation(
        activity=walk_a, by=caseworker_a.user, counts={"media": {"male": 4}, "police": {}}
    )
    walk_a.refresh_from_db()
    assert walk_a.title == "Walk, Jhelum city"
    assert list(walk_a.topics.values_list("topic", flat=True)) == ["gender"]
    assert [(p.group, p.male) for p in walk_a.participation.all()] == [("media", 4)]


def test_the_last_day_cannot_be_before_the_first(caseworker_a):
    with pytest.raises(ValidationError):
        record_walk(caseworker_a.user, ends_on=date(2026, 7, 1))


def test_a_follow_up_is_owned_by_staff_of_an_organising_member(walk_a, supervisor_a, caseworker_b):
    with pytest.raises(ValidationError):
        services.add_follow_up(
            activity=walk_a, by=supervisor_a.user, action="Send minutes", owner=caseworker_b,
            due_on=date(2026, 8, 5),
        )  # fmt: skip
    follow_up = services.add_follow_up(
        activity=walk_a, by=supervisor_a.user, action="Send minutes", owner=supervisor_a,
        due_on=date(2026, 8, 5),
    )  # fmt: skip
    services.complete_follow_up(follow_up=follow_up, by=supervisor_a.user)
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


def test_a_commitment_links_the_institution_to_the_activity(walk_a, supervisor_a):
    police = services.add_stakeholder(
        by=supervisor_a.user, name="District Police Jhelum", kind="police", province="punjab"
    )
    services.add_commitment(
        activity=walk_a, by=supervisor_a.user, stakeholder=police, text="A desk at every station"
    )
    assert list(police.activities.all()) == [walk_a]
    assert police.commitments.get().text == "A desk at every station"


def test_a_stakeholder_is_changed_only_by_the_member_that_added_it_or_the_secretariat_admin(
    supervisor_a, supervisor_b, secretariat_admin
):
    fia = services.add_stakeholder(
        by=supervisor_a.user, name="FIA Composite Circle Lahore", kind="fia", province="punjab",
        public_role="Deputy Director", office_phone="042 99200000",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.update_stakeholder(stakeholder=fia, by=supervisor_b.user, public_role="x")
    services.update_stakeholder(stakeholder=fia, by=secretariat_admin.user, public_role="Director")
    assert Stakeholder.objects.get().public_role == "Director"


def test_a_stakeholder_register_entry_takes_no_unknown_field(supervisor_a):
    with pytest.raises(TypeError):
        services.add_stakeholder(
            by=supervisor_a.user, name="Press Club", kind="media", contact_person="A. Name"
        )


def test_a_joint_bid_has_members_a_lead_among_them_and_a_status(
    supervisor_a, supervisor_b, org_a, org_b, caseworker_a
):
    call = services.post_call(
        by=supervisor_a.user, donor="Example Fund", title="Safe migration",
        amount=Decimal("250000"), deadline=date(2026, 9, 30),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.update_call(call=call, by=supervisor_a.user, lead=org_b)
    services.join_bid(call=call, by=supervisor_b.user)
    services.join_bid(call=call, by=supervisor_b.user)  # twice: one interest
    assert BidInterest.objects.filter(call=call).count() == 1
    services.update_call(call=call, by=caseworker_a.user, lead=org_b, status="preparing")
    call.refresh_from_db()
    assert (call.lead, call.status) == (org_b, "preparing")
    with pytest.raises(ValidationError):
        services.leave_bid(call=call, by=supervisor_b.user)


def test_only_the_poster_the_lead_or_the_secretariat_admin_manage_a_call(
    supervisor_a, supervisor_b, secretariat_admin
):
    call = services.post_call(
        by=supervisor_a.user, donor="Example Fund", title="Call", deadline=date(2026, 9, 30)
    )
    with pytest.raises(PermissionDenied):
        services.update_call(call=call, by=supervisor_b.user, status="not_pursued")
    services.update_call(call=call, by=secretariat_admin.user, status="not_pursued")
    assert FundingCall.objects.get().status == "not_pursued"
    with pytest.raises(ValidationError):
        services.join_bid(call=call, by=supervisor_b.user)
