import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import services as case_services
from cases.transfer import services
from members.models import Service, ServiceOffering
from referrals import services as referral_services
from tests.cases.conftest import open_case


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "coalition.encrypted_storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


@pytest.fixture
def moving_case(caseworker_a):
    """Sahil's case with a note and a document Sahil wrote, and a confidential note."""
    case = open_case(
        caseworker_a,
        full_name="Parveen Akhtar",
        consent_share_coalition=True,
        origin_province="punjab",
    )
    case_services.add_note(case=case, by=caseworker_a.user, text="Own note 4412 by Sahil.")
    case_services.add_document(
        case=case,
        by=caseworker_a.user,
        uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"),
        doc_type="statement",
        content_type="application/pdf",
    )
    return case


@pytest.fixture
def proposed(moving_case, caseworker_a, org_b, supervisor_b):
    return services.propose_transfer(
        case=moving_case,
        by=caseworker_a.user,
        to_organization=org_b,
        reason="The person moved to Lahore, where LAS works.",
        consent_given_on=timezone.localdate(),
    )


@pytest.fixture
def outgoing_referral(moving_case, caseworker_a, secretariat):
    """Sahil's referral of the case to a third organisation (the secretariat, for legal aid)."""
    legal_aid = Service.objects.get(code="legal_aid")
    ServiceOffering.objects.create(organization=secretariat, service=legal_aid, province="punjab")
    return referral_services.send_referral(
        case=moving_case,
        by=caseworker_a.user,
        to_organization=secretariat,
        service=legal_aid,
        urgency="routine",
        reason="Legal aid.",
        sections=["survivor"],
    )
