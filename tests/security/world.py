"""Three member organisations and the secretariat, every role in each, and in each member a
case with everything a case holds (a note, a document, a legal proceeding with a hearing, a
service, a referral and a pending transfer to a fourth member), plus the rows the staff pages
take ids of: a helpline call its desk logged, an activity with a follow-up action, a commitment
and a file, a stakeholder, a funding call it bids on with a bid document, its calendar feed.

No case, call, transfer or activity is shared between the three: every object of another of
them is foreign to an actor.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from cases import services as case_services
from cases.helpline import services as helpline_services
from cases.helpline.models import HelplineCall
from cases.models import (
    Accused,
    Case,
    CaseEvent,
    Document,
    LegalProceeding,
    Perpetrator,
    PossibleDuplicate,
)
from cases.services import record
from cases.transfer import services as transfer_services
from cases.transfer.models import CaseTransfer
from coalition.activities import services as activity_services
from coalition.activities.models import (
    Activity,
    ActivityFile,
    BidFile,
    BidInterest,
    CalendarFeed,
    Commitment,
    FollowUp,
    FundingCall,
    Stakeholder,
)
from coalition.reports.models import StoredReport
from members.models import Organization, RoleChangeRequest, Service, ServiceOffering, Staff
from members.roles import Role
from referrals import services as referral_services
from referrals.models import Referral
from tests.factories import make_staff
from tests.files import PDF

MEMBERS = ("Sahil", "LAS", "Bedari")
RECEIVER = "Sanjh"
MEMBER_ROLES = (
    Role.CASEWORKER,
    Role.SUPERVISOR,
    Role.REFERRAL_DESK,
    Role.HELPLINE_DESK,
    Role.ORG_ADMIN,
)
SECRETARIAT_ROLES = (Role.SECRETARIAT_ANALYST, Role.SECRETARIAT_ADMIN, Role.HELPLINE_DESK)
# Any entry of the coalition's services catalogue: the catalogue is the coalition's, no
# organisation owns an entry, so every member's "foreign" code is the same one.
CATALOGUE_CODE = "legal_aid"


@dataclass
class Holdings:
    """What one organisation holds, by the kind of id a URL takes."""

    organization: Organization
    staff: dict[str, Staff] = field(default_factory=dict)
    ids: dict[str, int | str] = field(default_factory=dict)


def build() -> dict[str, Holdings]:
    holdings = {short: _member(short) for short in MEMBERS}
    secretariat = Organization.objects.get(short_name="SSDO")
    staff = {role: make_staff(secretariat, role, f"ssdo-{role}") for role in SECRETARIAT_ROLES}
    # The coalition's helpline is the secretariat's desk: its call log is the secretariat's.
    holdings["SSDO"] = Holdings(
        secretariat, staff, {"call": _log_call(staff[Role.HELPLINE_DESK]).pk}
    )
    return holdings


def _log_call(desk: Staff) -> HelplineCall:
    return helpline_services.log_call(
        by=desk.user,
        caller_type="family",
        language="ur",
        request="legal_aid",
        outcome="call_back",
        province="punjab",
        district="Kasur",
        callback_due=timezone.now() + timedelta(hours=2),
    )


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
    hearing = case_services.add_hearing(
        proceeding=proceeding, by=caseworker.user, on=date(2026, 5, 1)
    )
    perpetrator = record.save_perpetrator(
        perpetrator=Perpetrator(case=case, name="Synthetic agent", roles=["recruiter"]),
        by=caseworker.user,
    )
    event = record.save_event(
        event=CaseEvent(
            case=case,
            kind="recruitment",
            started_on=date(2025, 5, 1),
            province="punjab",
            district="Lahore",
        ),
        by=caseworker.user,
    )
    accused = record.save_accused(
        accused=Accused(proceeding=proceeding, name="Synthetic accused"), by=caseworker.user
    )
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
    transfer = transfer_services.propose_transfer(
        case=case,
        by=caseworker.user,
        to_organization=receiver,
        reason="Synthetic: the person moved.",
        consent_given_on=timezone.localdate(),
    )
    assert Document.objects.with_scopes_disabled().filter(pk=document.pk).exists()
    return Holdings(
        organization,
        staff,
        {
            **_coalition_work(short, staff),
            "transfer": transfer.pk,
            "service": CATALOGUE_CODE,
            "case": case.pk,
            "document": document.pk,
            "proceeding": proceeding.pk,
            "hearing": hearing.pk,
            "perpetrator": perpetrator.pk,
            "event": event.pk,
            "accused": accused.pk,
            "referral": referral.pk,
            "staff": extra.pk,
            "role_request": request.pk,
            "offering": offering.pk,
            "stored_report": report.pk,
            "possible_duplicate": duplicate.pk,
        },
    )


def _coalition_work(short: str, staff: dict[str, Staff]) -> dict[str, int | str]:
    """The organisation's helpline call, activity (with a follow-up, a commitment and a file),
    stakeholder, funding call (bid on, with a bid document) and calendar feed."""
    supervisor = staff[Role.SUPERVISOR].user
    call = _log_call(staff[Role.HELPLINE_DESK])
    stakeholder = activity_services.add_stakeholder(
        by=supervisor, name=f"District Police {short}", kind="police", province="punjab"
    )
    activity = activity_services.record_activity(
        by=supervisor,
        kind="awareness_walk",
        title=f"Synthetic walk {short}",
        starts_on=date(2026, 7, 30),
        province="punjab",
        district="Jhelum",
        topics=["trafficking"],
        participants={"community": {"female": 4}},
    )
    follow_up = activity_services.add_follow_up(
        activity=activity,
        by=supervisor,
        action="Synthetic follow-up.",
        owner=staff[Role.CASEWORKER],
        due_on=date(2026, 8, 15),
    )
    activity_services.add_commitment(
        activity=activity, by=supervisor, stakeholder=stakeholder, text="Synthetic commitment."
    )
    activity_file = activity_services.add_activity_file(
        activity=activity,
        by=supervisor,
        uploaded=SimpleUploadedFile("minutes.pdf", PDF),
        kind="minutes",
        content_type="application/pdf",
    )
    funding_call = activity_services.post_call(
        by=supervisor, donor=f"Donor {short}", title="Synthetic call", deadline=date(2026, 12, 1)
    )
    activity_services.join_bid(call=funding_call, by=supervisor)
    bid_file = activity_services.add_bid_file(
        call=funding_call,
        by=supervisor,
        uploaded=SimpleUploadedFile("bid.pdf", PDF),
        kind="minutes",
        content_type="application/pdf",
    )
    feed = activity_services.renew_feed(by=supervisor)
    former_token = feed.token
    activity_services.renew_feed(by=supervisor)
    return {
        "call": call.pk,
        "activity": activity.pk,
        "follow_up": follow_up.pk,
        "activity_file": activity_file.pk,
        "stakeholder": stakeholder.pk,
        "funding_call": funding_call.pk,
        "bid_file": bid_file.pk,
        # The address the organisation replaced: it must open nothing (see the sweep).
        "former_feed_token": former_token,
    }


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
            sorted(HelplineCall.objects.values_list("pk", "case_id", "callback_done_at")),
            sorted(CaseTransfer.objects.values_list("pk", "status")),
            sorted(Activity.objects.values_list("pk", "updated_at")),
            sorted(FollowUp.objects.values_list("pk", "done_at")),
            sorted(Stakeholder.objects.values_list("pk", "name", "kind", "province")),
            sorted(FundingCall.objects.values_list("pk", "status", "lead_id", "title")),
            sorted(BidInterest.objects.values_list("call_id", "organization_id")),
            sorted(CalendarFeed.objects.values_list("pk", "token")),
            sorted(Service.objects.values_list("code", "name", "active")),
            *(model.objects.count() for model in (Commitment, ActivityFile, BidFile)),
        )
