"""Three member organisations and the secretariat, every role in each, and in each member a
case with everything a case holds (a note, a document, a legal proceeding with a hearing, a
service, a referral to a fourth member), plus the rows the staff pages take ids of.

No case is shared between the three: every object of another of them is foreign to an actor.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from cases import services as case_services
from cases.models import Case, Document, LegalProceeding, PossibleDuplicate
from coalition.reports.models import StoredReport
from members.models import Organization, RoleChangeRequest, Service, ServiceOffering, Staff
from members.roles import Role
from referrals import services as referral_services
from referrals.models import Referral
from tests.factories import make_staff
from tests.files import PDF

MEMBERS = ("Sahil", "LAS", "Bedari")
RECEIVER = "Sanjh"
MEMBER_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.REFERRAL_DESK, Role.ORG_ADMIN)
SECRETARIAT_ROLES = (Role.SECRETARIAT_ANALYST, Role.SECRETARIAT_ADMIN)


@dataclass
class Holdings:
    """What one organisation holds, by the kind of id a URL takes."""

    organization: Organization
    staff: dict[str, Staff] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)


def build() -> dict[str, Holdings]:
    holdings = {short: _member(short) for short in MEMBERS}
    secretariat = Organization.objects.get(short_name="SSDO")
    holdings["SSDO"] = Holdings(
        secretariat,
        {role: make_staff(secretariat, role, f"ssdo-{role}") for role in SECRETARIAT_ROLES},
    )
    return holdings


def _member(short: str) -> Holdings:
    organization = Organization.objects.get(short_name=short)
    prefix = short.lower()
    staff = {role: make_staff(organization, role, f"{prefix}-{role}") for role in MEMBER_ROLES}
    extra = make_staff(organization, Role.CASEWORKER, f"{prefix}-caseworker2")
    caseworker, supervisor = staff[Role.CASEWORKER], staff[Role.SUPERVISOR]
    case = case_services.open_case(
        organization=organization,
        by=caseworker.user,
        intake_channel="helpline",
        consent_record=True,
        consent_share_coalition=True,
        full_name=f"Synthetic {short}",
        phone="+923001234567",
        origin_province="punjab",
    )
    case_services.add_note(case=case, by=caseworker.user, text="A synthetic note.")
    document = case_services.add_document(
        case=case,
        by=caseworker.user,
        uploaded=SimpleUploadedFile("s.pdf", PDF),
        doc_type="statement",
        content_type="application/pdf",
    )
    proceeding = case_services.save_proceeding(
        proceeding=LegalProceeding(
            case=case, authority="police", law="ptpa_2018", stage="fir", fir_number="1/2026"
        ),
        by=caseworker.user,
    )
    case_services.add_hearing(proceeding=proceeding, by=caseworker.user, on=date(2026, 5, 1))
    legal_aid = Service.objects.get(code="legal_aid")
    receiver = Organization.objects.get(short_name=RECEIVER)
    ServiceOffering.objects.get_or_create(
        organization=receiver, service=legal_aid, province="punjab"
    )
    offering = ServiceOffering.objects.create(
        organization=organization, service=legal_aid, province="sindh"
    )
    referral = referral_services.send_referral(
        case=case,
        by=caseworker.user,
        to_organization=receiver,
        service=legal_aid,
        urgency="routine",
        reason="Synthetic reason.",
        sections=["survivor", "needs"],
    )
    request = RoleChangeRequest.objects.create(
        staff=extra,
        organization=organization,
        kind=RoleChangeRequest.Kind.ROLE_CHANGE,
        from_role=Role.CASEWORKER,
        to_role=Role.SUPERVISOR,
        requested_by=staff[Role.ORG_ADMIN].user,
    )
    report = StoredReport.objects.create(
        kind=StoredReport.Kind.ON_REQUEST,
        organization=organization,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        requested_by=supervisor.user,
    )
    duplicate = PossibleDuplicate.objects.create(
        organization_a=organization,
        organization_b=Organization.objects.get(short_name=RECEIVER),
        found_by=organization,
        identifier_kind=PossibleDuplicate.IdentifierKind.PHONE,
        identifier_hash="0" * 64,
    )
    assert Document.objects.with_scopes_disabled().filter(pk=document.pk).exists()
    return Holdings(
        organization,
        staff,
        {
            "case": case.pk,
            "document": document.pk,
            "proceeding": proceeding.pk,
            "referral": referral.pk,
            "staff": extra.pk,
            "role_request": request.pk,
            "offering": offering.pk,
            "stored_report": report.pk,
            "possible_duplicate": duplicate.pk,
        },
    )


def fingerprint() -> tuple:
    """What a write would change: the rows and states the pages write."""
    from cases.models import CaseShare, Hearing, Note, ServiceDelivery

    with scopes_disabled():
        return (
            sorted(
                Case.objects.values_list(
                    "pk", "status", "version", "assigned_to_id", "next_follow_up"
                )
            ),
            *(
                model.objects.count()
                for model in (
                    Note,
                    Document,
                    LegalProceeding,
                    Hearing,
                    ServiceDelivery,
                    CaseShare,
                    ServiceOffering,
                )
            ),
            sorted(Referral.objects.values_list("pk", "status")),
            sorted(Staff.objects.values_list("pk", "role", "user__is_active")),
            sorted(RoleChangeRequest.objects.values_list("pk", "status")),
            sorted(PossibleDuplicate.objects.values_list("pk", "status")),
        )
