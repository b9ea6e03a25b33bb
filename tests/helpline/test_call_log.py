"""The helpline call log: a call in under a minute, anonymous, seen by its own organisation."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.helpline import services
from cases.helpline.models import HelplineCall
from coalition.models import AccessLog

from .conftest import CALL


def test_a_helpline_desk_logs_a_call_and_the_access_log_records_it(hotline):
    call = services.log_call(by=hotline.user, **CALL)
    assert call.organization_id == hotline.organization_id
    assert call.case_id is None
    entry = AccessLog.objects.get(verb="call.logged")
    assert entry.target_id == call.pk and entry.details["request"] == "legal_aid"


def test_a_call_has_no_field_for_the_callers_name_or_number():
    names = {field.name for field in HelplineCall._meta.get_fields()}
    assert not names & {"name", "full_name", "phone", "caller_name", "caller_phone", "cnic"}


@pytest.mark.parametrize("fixture", ["caseworker_a", "supervisor_a", "desk_a", "analyst"])
def test_only_a_helpline_desk_logs_calls(request, fixture):
    staff = request.getfixturevalue(fixture)
    with pytest.raises(PermissionDenied):
        services.log_call(by=staff.user, **CALL)


def test_a_call_back_needs_a_time(hotline):
    with pytest.raises(ValidationError):
        services.log_call(by=hotline.user, **{**CALL, "outcome": "call_back"})


def test_the_same_submit_twice_logs_one_call(hotline):
    first = services.log_call(by=hotline.user, idempotency_key="k1", **CALL)
    again = services.log_call(by=hotline.user, idempotency_key="k1", **CALL)
    assert first.pk == again.pk and HelplineCall.objects.with_scopes_disabled().count() == 1


def test_calls_are_seen_by_their_own_organisations_desk_and_supervisors_only(
    hotline, hotline_a, supervisor_a, caseworker_a, analyst, as_user
):
    theirs = services.log_call(by=hotline.user, **CALL)
    ours = services.log_call(by=hotline_a.user, **CALL)
    assert list(HelplineCall.objects.visible_to(hotline_a.user)) == [ours]
    assert list(HelplineCall.objects.visible_to(supervisor_a.user)) == [ours]
    assert not HelplineCall.objects.visible_to(caseworker_a.user).exists()
    assert not HelplineCall.objects.visible_to(analyst.user).exists()  # aggregates only
    assert as_user(hotline_a).get(f"/helpline/{theirs.pk}/").status_code == 404
    assert as_user(hotline_a).get(f"/helpline/{ours.pk}/").status_code == 200
    assert as_user(caseworker_a).get("/helpline/").status_code == 403


def test_logging_a_call_through_the_page_keeps_the_input_on_a_mistake(hotline, as_user):
    client = as_user(hotline)
    data = {**CALL, "outcome": "call_back", "callback_due": ""}
    page = client.post("/helpline/new/", data)
    assert page.status_code == 200
    assert "Say by when to call back." in page.content.decode()
    assert 'value="Kasur"' in page.content.decode()
    assert not HelplineCall.objects.with_scopes_disabled().exists()
    due = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/helpline/new/", {**data, "callback_due": due})
    assert response.status_code == 302
    assert HelplineCall.objects.with_scopes_disabled().get().callback_due is not None


def test_the_call_log_page_reads_a_fixed_number_of_queries(
    hotline, as_user, django_assert_max_num_queries
):
    for _ in range(30):
        services.log_call(by=hotline.user, **CALL)
    client = as_user(hotline)
    client.get("/helpline/")
    with django_assert_max_num_queries(12):
        page = client.get("/helpline/")
    assert page.status_code == 200
    assert page.content.decode().count('href="/helpline/') >= 25


def test_case_opened_is_recorded_by_opening_a_case_not_chosen_on_the_call_form(hotline, as_user):
    page = as_user(hotline).get("/helpline/new/").content.decode()
    assert 'value="case_opened"' not in page
    assert 'value="call_back"' in page


def test_where_the_caller_is_reads_in_the_readers_language(hotline, as_user):
    known = services.log_call(by=hotline.user, **CALL)  # Kasur
    typed = services.log_call(by=hotline.user, **{**CALL, "district": "near the bus stand"})
    client = as_user(hotline)
    english = client.get("/helpline/").content.decode()
    assert "Kasur" in english and "near the bus stand" in english
    client.post("/i18n/setlang/", {"language": "ur", "next": "/helpline/"})
    urdu = client.get("/helpline/").content.decode()
    assert "قصور" in urdu and "Kasur" not in urdu
    assert "near the bus stand" in urdu  # what the desk typed stays as typed
    assert "قصور" in client.get(f"/helpline/{known.pk}/").content.decode()
    assert "near the bus stand" in client.get(f"/helpline/{typed.pk}/").content.decode()
