"""Pages: forms that record, lists in a fixed number of queries, and the calendar feed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from coalition.activities import services
from coalition.activities.models import Activity, CalendarFeed

from .conftest import record_walk


def test_the_form_records_an_activity_with_participants_by_group_and_sex(as_user, caseworker_a):
    response = as_user(caseworker_a).post(
        "/activities/new/",
        {
            "kind": "awareness_walk", "title": "Walk, Multan", "starts_on": "2026-07-30",
            "province": "punjab", "district": "Multan", "topics": ["trafficking", "gender"],
            "p-community__female": "12", "p-community__transgender": "2", "p-police__male": "4",
        },
    )  # fmt: skip
    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == f"/activities/{activity.pk}/"
    assert {p.group: p.total for p in activity.participation.all()} == {
        "community": 14,
        "police": 4,
    }


def test_a_negative_count_is_refused_with_a_message_and_nothing_is_lost(as_user, caseworker_a):
    response = as_user(caseworker_a).post(
        "/activities/new/",
        {"kind": "seminar", "title": "Seminar", "starts_on": "2026-07-30", "province": "sindh",
         "district": "Karachi", "p-media__male": "-3"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Activity.objects.exists()
    page = response.content.decode()
    assert 'value="Seminar"' in page and "greater than or equal to 0" in page


def _many(by, n):
    for i in range(n):
        record_walk(by, title=f"Walk {i}", starts_on=timezone.localdate() + timedelta(days=i))


@pytest.mark.parametrize(
    "path",
    ["/activities/", "/activities/calendar/", "/activities/stakeholders/", "/activities/funding/"],
)
def test_list_pages_take_a_fixed_number_of_queries(
    as_user, supervisor_a, analyst, django_assert_max_num_queries, path
):
    _many(supervisor_a.user, 3)
    client = as_user(analyst)
    client.get(path)
    _many(supervisor_a.user, 12)
    with django_assert_max_num_queries(14):
        assert client.get(path).status_code == 200


def test_the_donor_report_page_takes_as_many_queries_for_many_activities_as_for_few(
    as_user, supervisor_a, analyst, django_assert_max_num_queries
):
    """Every figure is one grouped query (the case figures beside them are the reports')."""
    client = as_user(analyst)
    _many(supervisor_a.user, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/activities/donor-report/").status_code == 200
    _many(supervisor_a.user, 20)
    with django_assert_max_num_queries(len(few)):
        assert client.get("/activities/donor-report/").status_code == 200


def test_the_calendar_feed_answers_without_sign_in_and_names_no_person(supervisor_a, org_a):
    walk = record_walk(
        supervisor_a.user, starts_on=timezone.localdate() + timedelta(days=3), venue="Press Club"
    )
    services.add_follow_up(
        activity=walk, by=supervisor_a.user, action="Call back", owner=supervisor_a,
        due_on=timezone.localdate(),
    )  # fmt: skip
    feed = services.feed_of(org_a)
    response = Client().get(f"/activities/calendar/{feed.token}.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar"
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Awareness walk: Awareness walk, Jhelum"
    assert str(event["location"]) == "Press Club, Jhelum"
    text = response.content.decode()
    assert supervisor_a.user.username not in text and "Call back" not in text
    assert "Survivors" not in text and "40" not in str(event.get("description"))


def test_a_renewed_feed_address_turns_the_old_one_off(as_user, supervisor_a, org_a):
    old = services.feed_of(org_a).token
    assert as_user(supervisor_a).post("/activities/calendar/renew/").status_code == 302
    new = CalendarFeed.objects.get(organization=org_a).token
    assert new != old
    assert Client().get(f"/activities/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/activities/calendar/{new}.ics").status_code == 200


def test_the_referral_desk_cannot_renew_the_feed_address(as_user, desk_a):
    assert as_user(desk_a).post("/activities/calendar/renew/").status_code == 403


def test_the_stakeholder_register_filters_by_type_and_province(as_user, supervisor_a):
    services.add_stakeholder(
        by=supervisor_a.user, name="FIA Circle, Karachi", kind="fia", province="sindh"
    )
    services.add_stakeholder(
        by=supervisor_a.user, name="Sindh Police", kind="police", province="sindh"
    )
    services.add_stakeholder(
        by=supervisor_a.user, name="FIA Circle, Lahore", kind="fia", province="punjab"
    )
    page = (
        as_user(supervisor_a)
        .get("/activities/stakeholders/", {"kind": "fia", "province": "sindh"})
        .content.decode()
    )
    assert "FIA Circle, Karachi" in page
    assert "Sindh Police" not in page and "FIA Circle, Lahore" not in page


def test_the_activity_page_takes_as_many_queries_with_many_follow_ups_and_files_as_with_one(
    as_user, supervisor_a, django_assert_max_num_queries
):
    walk = record_walk(supervisor_a.user)
    client = as_user(supervisor_a)

    def follow_up(i):
        services.add_follow_up(
            activity=walk, by=supervisor_a.user, action=f"Action {i}", owner=supervisor_a,
            due_on=timezone.localdate(),
        )  # fmt: skip

    follow_up(0)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/activities/{walk.pk}/").status_code == 200
    for i in range(1, 10):
        follow_up(i)
    with django_assert_max_num_queries(len(one)):
        assert client.get(f"/activities/{walk.pk}/").status_code == 200


def test_the_feed_of_an_organisation_switched_off_answers_404(org_a):
    feed = services.feed_of(org_a)
    org_a.active = False
    org_a.save(update_fields=["active"])
    assert Client().get(f"/activities/calendar/{feed.token}.ics").status_code == 404


def test_an_activitys_district_reads_in_the_readers_language(as_user, supervisor_a, walk_a):
    client = as_user(supervisor_a)
    assert "<td>Jhelum</td>" in client.get("/activities/").content.decode()
    client.post("/i18n/setlang/", {"language": "ur", "next": "/activities/"})
    assert "<td>جہلم</td>" in client.get("/activities/").content.decode()
    assert "جہلم, " in client.get(f"/activities/{walk_a.pk}/").content.decode()
