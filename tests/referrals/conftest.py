import pytest

from members.models import Service, ServiceOffering
from referrals import services
from tests.cases.conftest import open_case


@pytest.fixture
def legal_aid(db) -> Service:
    return Service.objects.get(code="legal_aid")


@pytest.fixture
def offering_b(org_b, legal_aid):
    return ServiceOffering.objects.create(organization=org_b, service=legal_aid, province="punjab")


@pytest.fixture
def consenting_case(caseworker_a):
    return open_case(
        caseworker_a,
        full_name="Kiran Bibi",
        phone="+923001112223",
        cnic="35202-7654321-1",
        origin_province="punjab",
        origin_district="Kasur",
        consent_share_coalition=True,
        needs_notes="Needs a lawyer for the FIR.",
    )


@pytest.fixture
def referral(consenting_case, caseworker_a, org_b, legal_aid, offering_b, desk_b, supervisor_b):
    return services.send_referral(
        case=consenting_case,
        by=caseworker_a.user,
        to_organization=org_b,
        service=legal_aid,
        urgency="urgent",
        reason="FIR registration and bail hearing.",
        sections=["survivor", "needs"],
    )
