"""A call opens a case in one step, or joins a case the desk can see."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.helpline import services
from cases.models import Case, CaseFacet
from coalition.models import AccessLog
from tests.cases.conftest import open_case

from .conftest import CALL


def test_a_call_opens_a_case_in_the_desks_organisation_and_the_desk_follows_it(hotline, as_user):
    call = services.log_call(by=hotline.user, **CALL)
    client = as_user(hotline)
    form = client.get(f"/helpline/{call.pk}/case/").content.decode()
    assert 'value="Kasur, Punjab"' in form  # the call's answers prefill the quick intake
    response = client.post(
        f"/helpline/{call.pk}/case/",
        {
            "intake_channel": "helpline",
            "alias": "Caller from Kasur",
            "sex": "female",
            "gender_identity": "unknown",
            "current_location": "Kasur, Punjab",
            "risk_level": "medium",
            "consent_record": "no",
            "consent_share_coalition": "no",
        },
    )
    case = Case.objects.with_scopes_disabled().get()
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/"
    assert case.organization_id == hotline.organization_id
    assert case.number.startswith("SSDO-")
    assert case.assigned_to_id == hotline.pk
    call.refresh_from_db()
    assert call.case_id == case.pk and call.outcome == "case_opened"
    assert CaseFacet.objects.with_scopes_disabled().filter(case=case, value="legal_aid").exists()
    assert AccessLog.objects.filter(verb="call.case_opened", case_id=case.pk).exists()
    assert client.get(f"/cases/{case.pk}/").status_code == 200


def test_a_call_opens_one_case_only(hotline):
    call = services.log_call(by=hotline.user, **CALL)
    services.open_case_from_call(call=call, by=hotline.user, alias="X", consent_record=False)
    with pytest.raises(ValidationError):
        services.open_case_from_call(call=call, by=hotline.user, alias="Y", consent_record=False)
    assert Case.objects.with_scopes_disabled().count() == 1


def test_a_call_attaches_to_a_case_the_desk_sees(hotline):
    call = services.log_call(by=hotline.user, **CALL)
    first = services.log_call(by=hotline.user, **CALL)
    case = services.open_case_from_call(
        call=first, by=hotline.user, alias="X", consent_record=False
    )
    services.attach_call(call=call, by=hotline.user, case=case)
    call.refresh_from_db()
    assert call.case_id == case.pk
    assert AccessLog.objects.filter(verb="call.attached", case_id=case.pk).exists()


def test_a_call_does_not_attach_to_a_case_the_desk_cannot_see(hotline, caseworker_a, as_user):
    call = services.log_call(by=hotline.user, **CALL)
    elsewhere = open_case(caseworker_a, alias="Elsewhere")
    with pytest.raises(PermissionDenied):
        services.attach_call(call=call, by=hotline.user, case=elsewhere)
    page = as_user(hotline).post(
        f"/helpline/{call.pk}/attach/", {"number": elsewhere.number}, follow=True
    )
    assert "No case with that number among the cases you can see." in page.content.decode()
    call.refresh_from_db()
    assert call.case_id is None


def test_another_organisations_desk_cannot_open_a_case_from_a_call(hotline, hotline_a, as_user):
    call = services.log_call(by=hotline.user, **CALL)
    with pytest.raises(PermissionDenied):
        services.open_case_from_call(call=call, by=hotline_a.user, alias="X")
    assert as_user(hotline_a).get(f"/helpline/{call.pk}/case/").status_code == 404
