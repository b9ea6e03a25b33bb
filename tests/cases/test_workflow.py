"""Assigning, status, closure and reopening; two people editing one case at once."""

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Case
from coalition.models import AccessLog, Notification

from .conftest import edit_data


def fresh(case) -> Case:
    return Case.objects.with_scopes_disabled().get(pk=case.pk)


def test_a_supervisor_reassigns_a_case_and_a_caseworker_cannot(
    as_user, caseworker_a, caseworker_a2, supervisor_a, case_a
):
    url = f"/cases/{case_a.pk}/assign/"
    assert as_user(caseworker_a).post(url, {"assignee": caseworker_a2.pk}).status_code == 404
    assert fresh(case_a).assigned_to == caseworker_a
    assert as_user(supervisor_a).post(url, {"assignee": caseworker_a2.pk}).status_code == 302
    assert fresh(case_a).assigned_to == caseworker_a2
    # The previous caseworker no longer sees it; the new one does.
    assert as_user(caseworker_a).get(f"/cases/{case_a.pk}/").status_code == 404
    assert as_user(caseworker_a2).get(f"/cases/{case_a.pk}/").status_code == 200


def test_a_case_cannot_be_assigned_to_another_organisations_staff(
    as_user, supervisor_a, caseworker_b, case_a
):
    response = as_user(supervisor_a).post(
        f"/cases/{case_a.pk}/assign/", {"assignee": caseworker_b.pk}
    )
    assert response.status_code == 200
    assert fresh(case_a).assigned_to.organization_id == case_a.organization_id


def test_closure_is_requested_with_a_reason_and_approved_by_a_supervisor(
    as_user, caseworker_a, supervisor_a, case_a
):
    caseworker = as_user(caseworker_a)
    assert caseworker.post(f"/cases/{case_a.pk}/close/", {"reason": ""}).status_code == 200
    assert fresh(case_a).status == "open"
    response = caseworker.post(
        f"/cases/{case_a.pk}/close/", {"reason": "reintegrated", "note": "Back with family."}
    )
    assert response.status_code == 302
    assert fresh(case_a).status == "closure_requested"
    assert caseworker.post(f"/cases/{case_a.pk}/close/review/", {"approve": "1"}).status_code == 404

    supervisor = as_user(supervisor_a)
    assert supervisor.post(f"/cases/{case_a.pk}/close/review/", {"approve": "1"}).status_code == 302
    assert not Notification.objects.filter(
        recipient=supervisor_a.user, kind="closure_requested", read_at__isnull=True
    ).exists()
    closed = fresh(case_a)
    assert closed.status == "closed"
    assert closed.closure_reason == "reintegrated"
    assert closed.closed_by == supervisor_a.user
    # A closed case is read-only until a supervisor reopens it.
    assert caseworker.get(f"/cases/{case_a.pk}/edit/")["Location"] == f"/cases/{case_a.pk}/"
    caseworker.post(f"/cases/{case_a.pk}/edit/", edit_data(closed, full_name="Changed"))
    assert fresh(case_a).full_name == "Ayesha Bibi"
    assert caseworker.post(f"/cases/{case_a.pk}/reopen/", {"reason": "x"}).status_code == 404
    response = supervisor.post(f"/cases/{case_a.pk}/reopen/", {"reason": "New threat reported."})
    assert response.status_code == 302
    assert fresh(case_a).status == "active"


def test_a_supervisor_sends_a_closure_back(as_user, caseworker_a, supervisor_a, case_a):
    as_user(caseworker_a).post(f"/cases/{case_a.pk}/close/", {"reason": "lost_contact"})
    waiting = Notification.objects.get(recipient=supervisor_a.user, kind="closure_requested")
    assert waiting.read_at is None
    response = as_user(supervisor_a).post(
        f"/cases/{case_a.pk}/close/review/", {"note": "Try the family's number first."}
    )
    assert response.status_code == 302
    case = fresh(case_a)
    assert case.status != "closed" and case.status != "closure_requested"
    waiting.refresh_from_db()
    assert waiting.read_at is not None  # decided: no longer waiting for any supervisor
    # The caseworker is told, and the case page says what still needs doing.
    told = Notification.objects.get(recipient=caseworker_a.user, kind="closure_sent_back")
    assert told.link == f"/cases/{case_a.pk}/" and told.params["case"] == case_a.number
    caseworker = as_user(caseworker_a)
    assert "Try the family&#x27;s number first." in caseworker.get(told.link).content.decode()
    # Asked again, the note is the new request's, not a send-back.
    caseworker.post(f"/cases/{case_a.pk}/close/", {"reason": "lost_contact", "note": "Tried."})
    page = caseworker.get(told.link).content.decode()
    assert "Try the family" not in page and "What still needs doing" not in page


@pytest.mark.parametrize("status", ["open", "active"])
def test_a_closure_sent_back_returns_the_case_to_the_status_it_had(
    as_user, caseworker_a, supervisor_a, case_a, status
):
    Case.objects.with_scopes_disabled().filter(pk=case_a.pk).update(status=status)
    as_user(caseworker_a).post(f"/cases/{case_a.pk}/close/", {"reason": "lost_contact"})
    as_user(supervisor_a).post(f"/cases/{case_a.pk}/close/review/", {"note": "Not yet."})
    assert fresh(case_a).status == status


def test_closure_for_another_reason_says_why_and_no_reason_is_chosen_for_the_caseworker(
    as_user, caseworker_a, case_a
):
    caseworker = as_user(caseworker_a)
    form = caseworker.get(f"/cases/{case_a.pk}/close/").context["form"]
    assert form["reason"].value() in (None, "")
    response = caseworker.post(f"/cases/{case_a.pk}/close/", {"reason": "other", "note": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    assert fresh(case_a).status == "open"
    with pytest.raises(ValidationError):
        services.request_closure(case=case_a, by=caseworker_a.user, reason="other")
    response = caseworker.post(
        f"/cases/{case_a.pk}/close/", {"reason": "other", "note": "Moved abroad for work."}
    )
    assert response.status_code == 302 and fresh(case_a).status == "closure_requested"


def test_a_reopened_case_keeps_no_closure_note(as_user, caseworker_a, supervisor_a, case_a):
    as_user(caseworker_a).post(
        f"/cases/{case_a.pk}/close/", {"reason": "reintegrated", "note": "Back with family."}
    )
    supervisor = as_user(supervisor_a)
    supervisor.post(f"/cases/{case_a.pk}/close/review/", {"approve": "1"})
    supervisor.post(f"/cases/{case_a.pk}/reopen/", {"reason": "New threat reported."})
    case = fresh(case_a)
    assert case.status == "active" and case.closure_note == "" and case.sent_back_note == ""
    assert "What still needs doing" not in supervisor.get(f"/cases/{case_a.pk}/").content.decode()


def test_the_second_of_two_concurrent_edits_is_refused_and_its_input_kept(
    as_user, caseworker_a, supervisor_a, case_a
):
    first_form = edit_data(case_a, current_location="Lahore shelter")
    second_form = edit_data(case_a, current_location="Kasur, with an aunt", summary="Second")
    assert as_user(supervisor_a).post(f"/cases/{case_a.pk}/edit/", first_form).status_code == 302

    response = as_user(caseworker_a).post(f"/cases/{case_a.pk}/edit/", second_form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this case" in html
    assert "Kasur, with an aunt" in html
    case = fresh(case_a)
    assert case.current_location == "Lahore shelter"
    assert case.version == 2


def test_every_view_of_a_case_page_is_logged(as_user, caseworker_a, case_a):
    client = as_user(caseworker_a)
    client.get(f"/cases/{case_a.pk}/")
    client.get(f"/cases/{case_a.pk}/notes/")
    views = AccessLog.objects.filter(action="view", case_id=case_a.pk)
    assert views.count() == 2
    entry = views.first()
    assert entry.actor == caseworker_a.user
    assert entry.ip_address == "127.0.0.1"


def test_notes_and_confidentiality(as_user, caseworker_a, case_a):
    client = as_user(caseworker_a)
    empty = client.post(f"/cases/{case_a.pk}/notes/", {"kind": "note", "text": ""})
    assert empty.status_code == 200
    response = client.post(
        f"/cases/{case_a.pk}/notes/",
        {"kind": "call", "text": "Called the mother.", "confidential": "on"},
    )
    assert response.status_code == 302
    assert "Called the mother." in client.get(f"/cases/{case_a.pk}/").content.decode()


def test_follow_up_date_and_overdue_filter(as_user, caseworker_a, case_a):
    client = as_user(caseworker_a)
    client.post(f"/cases/{case_a.pk}/follow-up/", {"next_follow_up": "2020-01-01"})
    assert fresh(case_a).next_follow_up.isoformat() == "2020-01-01"
    html = client.get("/cases/", {"overdue": "on"}).content.decode()
    assert f'href="/cases/{case_a.pk}/"' in html


def test_an_unassigned_case_without_consent_renders_everywhere(as_user, supervisor_a, caseworker_a):
    from .conftest import open_case

    case = open_case(caseworker_a, consent_record=False)
    Case.objects.with_scopes_disabled().filter(pk=case.pk).update(assigned_to=None)
    client = as_user(supervisor_a)
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert f'href="/cases/{case.pk}/"' in client.get("/cases/").content.decode()


def test_home_shows_what_is_due_and_the_way_to_a_new_intake(as_user, caseworker_a, case_a):
    from cases import services

    services.set_follow_up(case=case_a, by=caseworker_a.user, on=case_a.intake_date)
    html = as_user(caseworker_a).get("/").content.decode()
    assert 'href="/cases/new/"' in html
    assert f'href="/cases/{case_a.pk}/"' in html


def test_a_form_that_cannot_be_sent_now_is_not_shown_and_the_case_page_says_why(
    as_user, caseworker_a, supervisor_a, case_a
):
    """Asking to close a case already waiting for approval, or reviewing a closure nobody
    asked for (a stale link): the case page, with the rule's reason, rather than a form the
    service would refuse."""
    caseworker = as_user(caseworker_a)
    supervisor = as_user(supervisor_a)
    response = supervisor.get(f"/cases/{case_a.pk}/close/review/", follow=True)
    assert response.redirect_chain == [(f"/cases/{case_a.pk}/", 302)]
    assert "Only a case waiting for closure approval" in response.content.decode()

    caseworker.post(f"/cases/{case_a.pk}/close/", {"reason": "lost_contact"})
    response = caseworker.get(f"/cases/{case_a.pk}/close/", follow=True)
    assert response.redirect_chain == [(f"/cases/{case_a.pk}/", 302)]
    assert "already closed or waiting for closure approval" in response.content.decode()
    assert supervisor.get(f"/cases/{case_a.pk}/close/review/").status_code == 200
