"""The secretariat holds the cases its helpline opens, refers them onward, and receives
referrals only for what the directory says it offers."""

import pytest
from django.core.exceptions import ValidationError

from cases.helpline import services as helpline
from members.models import Service, ServiceOffering
from members.roles import Role
from referrals import services
from referrals.models import Referral, Status
from tests.cases.conftest import open_case
from tests.factories import make_staff

from .conftest import CALL


@pytest.fixture
def legal_aid(db):
    return Service.objects.get(code="legal_aid")


@pytest.fixture
def shelter(db):
    return Service.objects.get(code="shelter")


def test_the_helpline_desk_refers_a_case_it_opened_to_a_legal_aid_member(
    hotline, org_b, legal_aid, desk_b, as_user
):
    ServiceOffering.objects.create(organization=org_b, service=legal_aid, province="punjab")
    call = helpline.log_call(by=hotline.user, **CALL)
    case = helpline.open_case_from_call(
        call=call,
        by=hotline.user,
        full_name="Naseem Akhtar",
        consent_record=True,
        consent_share_coalition=True,
        origin_province="punjab",
    )
    referral = services.send_referral(
        case=case,
        by=hotline.user,
        to_organization=org_b,
        service=legal_aid,
        urgency="urgent",
        reason="Free legal aid for an FIR.",
        sections=["survivor", "needs"],
    )
    assert referral.from_organization.is_secretariat
    services.accept(referral=referral, by=desk_b.user)
    sent = as_user(hotline).get("/referrals/?tab=sent").content.decode()
    assert case.number in sent


def test_the_secretariat_is_offered_as_a_receiver_only_for_a_service_it_offers(
    caseworker_a, secretariat, legal_aid, shelter, as_user
):
    case = open_case(caseworker_a, alias="S", consent_share_coalition=True)
    ServiceOffering.objects.create(organization=secretariat, service=legal_aid, province="punjab")
    client = as_user(caseworker_a)
    offered = client.get(f"/referrals/new/{case.pk}/", {"service": legal_aid.pk}).content.decode()
    assert "SSDO:" in offered
    not_offered = client.get(f"/referrals/new/{case.pk}/", {"service": shelter.pk})
    assert "SSDO:" not in not_offered.content.decode()
    unchosen = client.get(f"/referrals/new/{case.pk}/").content.decode()
    assert "SSDO:" not in unchosen


def test_a_referral_to_the_secretariat_for_a_service_it_does_not_offer_is_refused(
    caseworker_a, secretariat, shelter
):
    case = open_case(caseworker_a, alias="S", consent_share_coalition=True)
    with pytest.raises(ValidationError, match="only for the services it offers"):
        services.send_referral(
            case=case,
            by=caseworker_a.user,
            to_organization=secretariat,
            service=shelter,
            urgency="routine",
            reason="Shelter.",
            sections=["survivor"],
        )
    assert not Referral.objects.with_scopes_disabled().exists()


def test_the_secretariats_supervisor_accepts_a_referral_for_what_it_offers(
    caseworker_a, secretariat, legal_aid
):
    supervisor = make_staff(secretariat, Role.SUPERVISOR, "s-supervisor")
    ServiceOffering.objects.create(organization=secretariat, service=legal_aid, province="punjab")
    case = open_case(caseworker_a, alias="S", consent_share_coalition=True)
    referral = services.send_referral(
        case=case,
        by=caseworker_a.user,
        to_organization=secretariat,
        service=legal_aid,
        urgency="routine",
        reason="Legal aid.",
        sections=["survivor"],
    )
    accepted = services.accept(referral=referral, by=supervisor.user)
    assert accepted.status == Status.ACCEPTED
