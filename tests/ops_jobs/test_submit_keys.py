"""An idempotency key on every create form: a double submit, or a retry after an error, makes
one row."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError

from cases.models import Case, Note
from coalition.models import SubmitKey
from referrals.models import Referral

pytestmark = pytest.mark.django_db

INTAKE = {
    "intake_channel": "helpline",
    "alias": "Shanno",
    "sex": "female",
    "gender_identity": "woman",
    "estimated_age": "16",
    "summary": "Taken to a brick kiln by a relative.",
    "risk_level": "high",
    "consent_record": "yes",
    "consent_share_coalition": "no",
}


def key_of(page) -> str:
    """The key the form on the page carries, as the browser would send it back."""
    html = page.content.decode()
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


def cases():
    return Case.objects.with_scopes_disabled()


def test_the_intake_form_carries_a_new_key_each_time_it_is_shown(as_user, caseworker_a):
    client = as_user(caseworker_a)
    first, second = key_of(client.get("/cases/new/")), key_of(client.get("/cases/new/"))
    assert len(first) >= 32 and first != second


def test_an_intake_sent_twice_with_its_key_opens_one_case(as_user, caseworker_a):
    client = as_user(caseworker_a)
    form = {**INTAKE, "idempotency_key": key_of(client.get("/cases/new/"))}
    first = client.post("/cases/new/", form)
    second = client.post("/cases/new/", form)
    case = cases().get()
    assert first["Location"] == second["Location"] == f"/cases/{case.pk}/"


def test_two_intakes_from_two_forms_open_two_cases(as_user, caseworker_a):
    client = as_user(caseworker_a)
    for _form in range(2):
        client.post("/cases/new/", {**INTAKE, "idempotency_key": key_of(client.get("/cases/new/"))})
    assert cases().count() == 2


def test_an_intake_that_answered_an_error_after_saving_is_one_case_when_sent_again(
    as_user, caseworker_a, monkeypatch
):
    """Defect 7: the intake committed, then saving the session failed and the page answered an
    error; the person sent the form again."""
    from django.contrib.sessions.backends.db import SessionStore

    client = as_user(caseworker_a)
    form = {**INTAKE, "idempotency_key": key_of(client.get("/cases/new/"))}

    def database_gone(self, must_create=False):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "save", database_gone)
    first = client.post("/cases/new/", form)
    monkeypatch.undo()
    case = cases().get()
    assert first.status_code == 302 and first["Location"] == f"/cases/{case.pk}/"
    again = client.post("/cases/new/", form)
    assert again["Location"] == f"/cases/{case.pk}/"
    assert cases().count() == 1


def test_a_session_that_changed_still_fails_loudly_when_it_cannot_be_saved(rf, monkeypatch):
    """Only extending the idle timeout is best-effort: real changes are not dropped silently."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    from coalition.middleware import ResilientSessionMiddleware

    def database_gone(self, must_create=False):
        raise OperationalError("server closed the connection unexpectedly")

    middleware = ResilientSessionMiddleware(lambda request: HttpResponse())
    request = rf.get("/")
    middleware.process_request(request)
    request.session["language_chosen"] = "ur"
    monkeypatch.setattr(SessionStore, "save", database_gone)
    with pytest.raises(OperationalError):
        middleware.process_response(request, HttpResponse())


def test_a_rejected_intake_keeps_its_key_so_the_corrected_form_opens_one_case(
    as_user, caseworker_a
):
    client = as_user(caseworker_a)
    key = key_of(client.get("/cases/new/"))
    refused = client.post("/cases/new/", {**INTAKE, "estimated_age": "300", "idempotency_key": key})
    assert refused.status_code == 200 and key_of(refused) == key
    assert not SubmitKey.objects.exists()  # the refused submit claimed nothing
    client.post("/cases/new/", {**INTAKE, "idempotency_key": key})
    client.post("/cases/new/", {**INTAKE, "idempotency_key": key})
    assert cases().count() == 1


def test_a_note_sent_twice_with_its_key_is_added_once(as_user, caseworker_a, case_a):
    client = as_user(caseworker_a)
    url = f"/cases/{case_a.pk}/notes/"
    form = {
        "kind": "note",
        "text": "Called the family.",
        "idempotency_key": key_of(client.get(url)),
    }
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert Note.objects.with_scopes_disabled().filter(case=case_a).count() == 1


def test_a_referral_sent_twice_with_its_key_is_made_once(
    as_user, caseworker_a, consenting_case, legal_aid, org_b, offering_b, desk_b
):
    client = as_user(caseworker_a)
    url = f"/referrals/new/{consenting_case.pk}/"
    key = key_of(client.get(url, {"service": legal_aid.pk}))
    form = {
        "service": legal_aid.pk,
        "to_organization": org_b.pk,
        "urgency": "urgent",
        "reason": "FIR registration.",
        "sections": ["survivor"],
        "idempotency_key": key,
    }
    preview = client.post(url, {**form, "preview": "1"})
    assert key_of(preview) == key  # the preview sends the same key on
    first = client.post(url, {**form, "send": "1"})
    second = client.post(url, {**form, "send": "1"})
    referral = Referral.objects.with_scopes_disabled().get()
    assert first["Location"] == second["Location"] == f"/referrals/{referral.pk}/"


def test_a_key_used_for_one_form_is_refused_on_another(caseworker_a, case_a):
    from cases import services

    services.add_note(case=case_a, by=caseworker_a.user, text="First.", idempotency_key="k" * 32)
    with pytest.raises(ValidationError):
        services.open_case(
            organization=caseworker_a.organization,
            by=caseworker_a.user,
            intake_channel="helpline",
            alias="X",
            consent_record=True,
            idempotency_key="k" * 32,
        )
