"""Erasing a person's identifying details on request: by the owning organisation's supervisor
only, for a reason from the list, everything identifying gone (documents from the disk too),
sharing ended, the facts kept, and the erasure in the access log without a personal detail."""

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import pre_save

from cases import services as case_services
from cases.models import (
    Case,
    CaseChange,
    CaseShare,
    Document,
    IdentityDocument,
    LegalProceeding,
    Note,
    Perpetrator,
    SmugglingRecord,
)
from cases.services import record
from coalition.models import AccessLog
from members.models import Service
from referrals import services as referral_services
from referrals.models import Referral, Status
from tests.files import PDF

NAME, CNIC, PHONE = "Nasreen Akhtar", "35202-7654321-2", "+923214567890"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def cases():
    return Case.objects.with_scopes_disabled()


@pytest.fixture
def full_case(caseworker_a, desk_b):
    """A case with something identifying in every place the erasure list names, referred to
    another member that accepted."""
    by = caseworker_a.user
    case = case_services.open_case(
        organization=caseworker_a.organization,
        by=by,
        intake_channel="helpline",
        intake_date=date(2026, 3, 10),
        consent_record=True,
        consent_share_coalition=True,
        full_name=NAME,
        alias="Nasro",
        relative_name="Akhtar Ali",
        cnic=CNIC,
        phone=PHONE,
        date_of_birth=date(2008, 6, 1),
        sex="female",
        origin_province="punjab",
        origin_district="Kasur",
        current_location="House 12, Street 4, Kasur",
        summary=f"{NAME} was taken from her home.",
        facets={"exploitation": ["forced_labour"]},
    )
    case_services.add_note(case=case, by=by, text=f"Spoke to {NAME} on {PHONE}.")
    case_services.add_document(
        case=case,
        by=by,
        uploaded=SimpleUploadedFile("cnic.pdf", PDF),
        doc_type="statement",
        content_type="application/pdf",
    )
    case_services.save_proceeding(
        proceeding=LegalProceeding(
            case=case, authority="police", law="ptpa_2018", stage="fir", fir_number="77/2026"
        ),
        by=by,
    )
    perpetrator = record.save_perpetrator(
        perpetrator=Perpetrator(case=case, name="Karim Agent", cnic=CNIC, roles=["recruiter"]),
        by=by,
    )
    record.save_identity_document(
        document=IdentityDocument(case=case, doc_type="cnic", document_number=CNIC), by=by
    )
    record.save_smuggling_record(
        record=SmugglingRecord(
            case=case, family_contact_name="Akhtar Ali", family_contact_phone=PHONE
        ),
        by=by,
    )
    referral = referral_services.send_referral(
        case=case,
        by=by,
        to_organization=desk_b.organization,
        service=Service.objects.get(code="legal_aid"),
        urgency="routine",
        reason=f"{NAME} needs a lawyer.",
        sections=["survivor"],
    )
    referral_services.accept(referral=referral, by=desk_b.user)
    assert perpetrator.pk and CaseShare.objects.open().filter(case=case).exists()
    return cases().get(pk=case.pk)


def erase(case, staff, reason="person_asked"):
    return case_services.erase_case(case=case, by=staff.user, reason=reason)


def test_the_supervisor_erases_every_identifying_detail_and_keeps_the_facts(
    full_case, supervisor_a, django_capture_on_commit_callbacks
):
    stored = Document.objects.with_scopes_disabled().get(case=full_case).file.name
    assert default_storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        erase(full_case, supervisor_a)
    case = cases().get(pk=full_case.pk)
    for name in ("full_name", "alias", "relative_name", "cnic", "phone"):
        assert getattr(case, name) == "", name
    for name in ("cnic_hash", "phone_hash", "name_tokens"):  # the keyed hashes go with them
        assert getattr(case, name) == "", name
    assert case.current_location == case.summary == ""
    assert case.date_of_birth is None and case.estimated_age == 17  # age at intake, kept
    assert (case.sex, case.origin_province, case.origin_district) == ("female", "punjab", "Kasur")
    assert case.exploitation_types == ["forced_labour"]
    assert case.erased_at and case.erased_by == supervisor_a.user
    assert case.erasure_reason == "person_asked" and case.status == "closed"

    rows = {
        "note": Note.objects.with_scopes_disabled().get(case=case).text,
        "fir": LegalProceeding.objects.with_scopes_disabled().get(case=case).fir_number,
        "perpetrator": Perpetrator.objects.with_scopes_disabled().get(case=case).name,
        "identity": IdentityDocument.objects.with_scopes_disabled().get(case=case).document_number,
        "family": SmugglingRecord.objects.with_scopes_disabled().get(case=case).family_contact_name,
        "referral": Referral.objects.with_scopes_disabled().get(case=case).reason,
    }
    assert rows == dict.fromkeys(rows, "")
    assert not Document.objects.with_scopes_disabled().filter(case=case).exists()
    assert not default_storage.exists(stored)


def test_sharing_ends_and_open_referrals_are_withdrawn(full_case, supervisor_a):
    erase(full_case, supervisor_a)
    assert not CaseShare.objects.filter(case=full_case, ended_at=None).exists()
    assert Referral.objects.with_scopes_disabled().get(case=full_case).status == Status.WITHDRAWN
    assert not cases().get(pk=full_case.pk).can_share_with_coalition


def test_the_erasure_is_logged_without_a_personal_detail(full_case, supervisor_a):
    erase(full_case, supervisor_a)
    entry = AccessLog.objects.get(verb="case.erased")
    assert entry.case_id == full_case.pk and entry.actor == supervisor_a.user
    assert entry.details["reason"] == "person_asked" and entry.details["documents"] == 1
    logged = json.dumps(entry.details) + entry.target_label
    for detail in (NAME, "Nasro", CNIC, PHONE, "Kasur", "Karim"):
        assert detail not in logged


def test_every_identifying_value_is_changed_through_save(full_case, supervisor_a):
    """So that what a model derives on save (keyed hashes, search tokens) follows the erasure."""
    saved = []

    def record_save(sender, instance, **kwargs):
        saved.append(sender.__name__)

    pre_save.connect(record_save)
    try:
        erase(full_case, supervisor_a)
    finally:
        pre_save.disconnect(record_save)
    for model in ("Case", "Note", "Perpetrator", "IdentityDocument", "SmugglingRecord"):
        assert model in saved, model


def test_a_caseworker_may_not_erase(full_case, caseworker_a, as_user):
    with pytest.raises(PermissionDenied):
        erase(full_case, caseworker_a)
    assert as_user(caseworker_a).get(f"/cases/{full_case.pk}/erase/").status_code == 404
    assert cases().get(pk=full_case.pk).full_name == NAME


def test_another_organisations_supervisor_may_not_erase(full_case, supervisor_b, as_user):
    with pytest.raises(PermissionDenied):
        erase(full_case, supervisor_b)
    response = as_user(supervisor_b).post(
        f"/cases/{full_case.pk}/erase/", {"reason": "person_asked", "confirm": "on"}
    )
    assert response.status_code == 404
    assert cases().get(pk=full_case.pk).full_name == NAME


@pytest.mark.parametrize("reason", ["", "retention", "because"])
def test_a_reason_from_the_list_is_required(full_case, supervisor_a, reason):
    with pytest.raises(ValidationError):
        erase(full_case, supervisor_a, reason)
    assert cases().get(pk=full_case.pk).erased_at is None


def test_the_page_asks_for_a_reason_and_confirmation(full_case, supervisor_a, as_user):
    client = as_user(supervisor_a)
    page = client.get(f"/cases/{full_case.pk}/erase/").content.decode()
    assert "What stays" in page and "1</bdi> document" in page
    assert "share of this case with another organisation or person ends now" in page
    refused = client.post(f"/cases/{full_case.pk}/erase/", {"confirm": "on"})
    assert refused.status_code == 200
    unconfirmed = client.post(f"/cases/{full_case.pk}/erase/", {"reason": "safety"})
    assert unconfirmed.status_code == 200
    assert cases().get(pk=full_case.pk).erased_at is None


def test_erasing_over_the_page_shows_the_erasure_on_the_case_page(full_case, supervisor_a, as_user):
    client = as_user(supervisor_a)
    response = client.post(
        f"/cases/{full_case.pk}/erase/", {"reason": "safety", "confirm": "on"}, follow=True
    )
    page = response.content.decode()
    assert "Identifying details erased on" in page
    assert NAME not in page and CNIC not in page
    assert "/erase/" not in page  # no second erasure offered


def test_an_erased_case_is_not_erased_again_nor_reopened(full_case, supervisor_a):
    erase(full_case, supervisor_a)
    with pytest.raises(ValidationError):
        erase(full_case, supervisor_a)
    with pytest.raises(ValidationError):
        case_services.reopen_case(
            case=cases().get(pk=full_case.pk), by=supervisor_a.user, reason="x"
        )


def test_the_history_keeps_what_changed_but_not_the_erased_values(full_case, supervisor_a):
    case_services.update_case(
        case=full_case,
        by=supervisor_a.user,
        expected_version=full_case.version,
        changes={"summary": f"{NAME} moved to Lahore.", "risk_level": "high"},
    )
    erase(full_case, supervisor_a)
    changes = CaseChange.objects.with_scopes_disabled().filter(case=full_case)
    summary = changes.get(field="summary")
    assert summary.old == summary.new == ""
    assert changes.get(field="risk_level").new == "high"
    assert changes.filter(what="erased").exists()


def test_the_erasure_pages_speak_urdu(full_case, supervisor_a, as_user):
    supervisor_a.language = "ur"
    supervisor_a.save()
    client = as_user(supervisor_a)
    client.cookies["django_language"] = "ur"
    page = client.get(f"/cases/{full_case.pk}/erase/").content.decode()
    for english in ("What is erased", "What stays", "document, with its file", "share of this"):
        assert english not in page
    assert "شناختی تفصیلات" in page
    client.post(f"/cases/{full_case.pk}/erase/", {"reason": "safety", "confirm": "on"})
    case_page = client.get(f"/cases/{full_case.pk}/").content.decode()
    assert "Identifying details erased" not in case_page
    assert "کو مٹائی گئیں" in case_page
