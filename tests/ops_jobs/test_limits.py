"""Length limits on free text, uploads refused by size before they are read, sessions cleared."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, Note
from coalition.models import SubmitKey
from referrals import services as referral_services

pytestmark = pytest.mark.django_db

HUGE = "x" * int(9.9 * 1024 * 1024)  # the 9.9 MB summary that was once stored
INTAKE = {
    "intake_channel": "helpline",
    "alias": "Shanno",
    "sex": "female",
    "gender_identity": "woman",
    "risk_level": "high",
    "consent_record": "yes",
    "consent_share_coalition": "no",
}


def cases():
    return Case.objects.with_scopes_disabled()


def test_a_9_9_mb_summary_is_refused_with_a_message_and_nothing_is_stored(as_user, caseworker_a):
    response = as_user(caseworker_a).post("/cases/new/", {**INTAKE, "summary": HUGE})
    assert response.status_code == 200
    assert "at most 5000 characters" in " ".join(response.context["form"].errors["summary"])
    assert not cases().exists()


def test_the_length_message_is_in_urdu_for_an_urdu_user(as_user, caseworker_a):
    caseworker_a.language = "ur"
    caseworker_a.save(update_fields=["language"])
    response = as_user(caseworker_a).post(
        "/cases/new/", {**INTAKE, "summary": "x" * 5001}, HTTP_ACCEPT_LANGUAGE="ur"
    )
    message = " ".join(response.context["form"].errors["summary"])
    assert "زیادہ سے زیادہ" in message and "5001" in message


def test_the_services_refuse_over_long_text_whatever_calls_them(
    caseworker_a, case_a, consenting_case, org_b, legal_aid, offering_b
):
    with pytest.raises(ValidationError):
        case_services.open_case(
            organization=caseworker_a.organization,
            by=caseworker_a.user,
            intake_channel="helpline",
            alias="X",
            consent_record=True,
            summary=HUGE,
        )
    with pytest.raises(ValidationError):
        case_services.add_note(case=case_a, by=caseworker_a.user, text="x" * 5001)
    with pytest.raises(ValidationError):
        referral_services.send_referral(
            case=consenting_case,
            by=caseworker_a.user,
            to_organization=org_b,
            service=legal_aid,
            urgency="urgent",
            reason="x" * 2001,
            sections=["survivor"],
        )
    assert cases().count() == 2  # the two fixtures' cases only
    assert not Note.objects.with_scopes_disabled().exists()


def test_text_at_the_limit_is_kept(caseworker_a, case_a):
    note = case_services.add_note(case=case_a, by=caseworker_a.user, text="x" * 5000)
    assert len(note.text) == 5000


def test_every_free_text_field_has_a_length_limit():
    from django.apps import apps
    from django.db import models

    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"cases", "referrals", "members", "coalition", "reports"}
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and not any(getattr(v, "code", "") == "max_length" for v in field.validators)
    ]
    # Case.name_tokens is derived on save from the (limited) names, never typed; CaseChange.old/new
    # are written by the services only, cut to 500 characters.
    assert unlimited == ["cases.Case.name_tokens", "cases.CaseChange.old", "cases.CaseChange.new"]


def test_an_upload_larger_than_any_document_is_refused_before_its_body_is_read(
    as_user, caseworker_a, case_a
):
    declared = settings.DOCUMENT_MAX_BYTES + 2 * 1024 * 1024
    response = as_user(caseworker_a).post(
        f"/cases/{case_a.pk}/documents/",
        data=b"not read",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(declared),
    )
    assert response.status_code == 413
    assert "at most 10 MB" in response.content.decode()
    assert response["Connection"] == "close"


def test_a_document_within_the_limit_still_uploads(
    as_user, caseworker_a, case_a, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.files import pdf_bytes

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    upload = SimpleUploadedFile("fir.pdf", pdf_bytes(), "application/pdf")
    response = as_user(caseworker_a).post(
        f"/cases/{case_a.pk}/documents/",
        {"upload": upload, "doc_type": "fir_copy", "description": "FIR copy"},
    )
    assert response.status_code == 302


def test_expired_sessions_and_old_submit_keys_are_cleared_by_the_nightly_job(client, caseworker_a):
    client.force_login(caseworker_a.user)
    Session.objects.create(
        session_key="expired", session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    old = SubmitKey.objects.create(user=caseworker_a.user, key="old", purpose="case.open")
    SubmitKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    SubmitKey.objects.create(user=caseworker_a.user, key="new", purpose="case.open")
    assert settings.CELERY_BEAT_SCHEDULE["sessions-clear-expired"]["task"] == (
        "coalition.tasks.clear_expired_sessions"
    )
    call_command("run_jobs", "sessions-clear-expired")
    assert not Session.objects.filter(session_key="expired").exists()
    assert Session.objects.count() == 1  # the signed-in person's stays
    assert list(SubmitKey.objects.values_list("key", flat=True)) == ["new"]
