"""Who sees what: the recording member and its co-organisers open an activity, the secretariat
opens all, any other member gets a 404; the calendar shows what is coming without participants."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coalition.activities import services
from tests.files import PDF

from .conftest import record_walk


@pytest.fixture
def walk_file(walk_a, supervisor_a):
    return services.add_activity_file(
        activity=walk_a, by=supervisor_a.user, uploaded=SimpleUploadedFile("minutes.pdf", PDF),
        kind="minutes", content_type="application/pdf",
    )  # fmt: skip


@pytest.mark.parametrize(
    "path",
    ["/activities/{pk}/", "/activities/{pk}/edit/", "/activities/{pk}/files/{file}/"],
)
def test_another_member_gets_404_for_the_activity_its_edit_page_and_its_files(
    as_user, walk_a, walk_file, supervisor_b, path
):
    response = as_user(supervisor_b).get(path.format(pk=walk_a.pk, file=walk_file.pk))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/activities/{pk}/follow-ups/", "/activities/{pk}/files/", "/activities/{pk}/commitments/"],
)
def test_another_member_posting_to_the_activity_gets_404(as_user, walk_a, supervisor_b, path):
    assert as_user(supervisor_b).post(path.format(pk=walk_a.pk), {}).status_code == 404


@pytest.mark.parametrize("who", ["analyst", "secretariat_admin", "caseworker_a"])
def test_the_secretariat_and_the_recording_member_open_the_activity_with_its_participants(
    request, as_user, walk_a, who
):
    response = as_user(request.getfixturevalue(who)).get(f"/activities/{walk_a.pk}/")
    assert response.status_code == 200
    assert "Community members" in response.content.decode()


def test_a_co_organiser_opens_the_activity_but_may_not_edit_it(
    as_user, walk_a, org_b, supervisor_b
):
    walk_a.co_organizers.add(org_b)
    client = as_user(supervisor_b)
    assert client.get(f"/activities/{walk_a.pk}/").status_code == 200
    assert client.get(f"/activities/{walk_a.pk}/edit/").status_code == 403


def test_the_list_shows_a_member_its_own_activities_only(as_user, walk_a, supervisor_b):
    record_walk(supervisor_b.user, title="Seminar, Multan", kind="seminar", district="Multan")
    page = as_user(supervisor_b).get("/activities/").content.decode()
    assert "Seminar, Multan" in page and "Awareness walk, Jhelum" not in page


def test_the_calendar_shows_every_members_coming_activity_without_participants(
    as_user, supervisor_a, supervisor_b
):
    soon = timezone.localdate() + timedelta(days=10)
    walk = record_walk(supervisor_a.user, starts_on=soon, title="Walk, Sukkur", district="Sukkur")
    response = as_user(supervisor_b).get("/activities/calendar/")
    page = response.content.decode()
    assert "Walk, Sukkur" in page
    assert f"/activities/{walk.pk}/" not in page  # no link into another member's record
    assert "Survivors" not in page and "Community members" not in page


def test_the_referral_desk_sees_the_calendar_but_no_record_button(as_user, desk_a):
    client = as_user(desk_a)
    assert client.get("/activities/calendar/").status_code == 200
    assert client.get("/activities/new/").status_code == 403
    assert "/activities/new/" not in client.get("/activities/").content.decode()


def test_a_member_gets_403_from_the_donor_report_and_the_secretariat_200(
    as_user, supervisor_a, analyst
):
    assert as_user(supervisor_a).get("/activities/donor-report/").status_code == 403
    assert as_user(analyst).get("/activities/donor-report/").status_code == 200


def test_bid_documents_are_404_to_a_member_not_bidding(as_user, supervisor_a, supervisor_b):
    from datetime import date

    call = services.post_call(
        by=supervisor_a.user, donor="Fund", title="Call", deadline=date(2026, 9, 1)
    )
    services.join_bid(call=call, by=supervisor_a.user)
    bid_file = services.add_bid_file(
        call=call, by=supervisor_a.user, uploaded=SimpleUploadedFile("budget.pdf", PDF),
        kind="other", content_type="application/pdf",
    )  # fmt: skip
    url = f"/activities/funding/{call.pk}/files/{bid_file.pk}/"
    assert as_user(supervisor_b).get(url).status_code == 404
    assert as_user(supervisor_a).get(url).status_code == 200
    assert (
        "budget"
        not in as_user(supervisor_b).get(f"/activities/funding/{call.pk}/").content.decode()
    )


def test_the_navigation_offers_activities_to_staff_and_the_donor_report_to_the_secretariat(
    as_user, caseworker_a, analyst
):
    member_page = as_user(caseworker_a).get("/").content.decode()
    assert 'href="/activities/"' in member_page
    assert 'href="/activities/donor-report/"' not in member_page
    assert 'href="/activities/donor-report/"' in as_user(analyst).get("/").content.decode()


def test_the_lead_member_leaving_the_bid_is_told_why_it_cannot(as_user, supervisor_a, org_a):
    from datetime import date

    call = services.post_call(
        by=supervisor_a.user, donor="Fund", title="Call", deadline=date(2026, 9, 1)
    )
    services.join_bid(call=call, by=supervisor_a.user)
    services.update_call(call=call, by=supervisor_a.user, lead=org_a)
    client = as_user(supervisor_a)
    response = client.post(f"/activities/funding/{call.pk}/join/", {"leave": "1"}, follow=True)
    assert "The lead member cannot leave the bid" in response.content.decode()
    assert call.interests.count() == 1
