"""One person of a given role, and one case standing in a given relation to them.

The person works at a member (Sahil), or at the secretariat for the secretariat's roles. The
case belongs to their organisation (assigned to them, to their team, to another team; or theirs
and closed), or to another member (LAS): with no referral, with a referral to the person's
organisation pending, accepted, declined, completed, or accepted and then consent withdrawn, or
with a per-case grant to the person by name. Every case also has a legal proceeding and a
perpetrator its owner recorded, and a pending referral from its owner to a third member.
"""

from dataclasses import dataclass

from django.utils import timezone

from cases import services as case_services
from cases.consent import record_consent
from cases.models import Case, CaseShare, LegalProceeding, Perpetrator
from cases.services import record
from members.models import Organization, Service, ServiceOffering, Staff, Team
from members.roles import Role
from referrals import services as referral_services
from referrals.models import Referral
from tests.factories import make_staff

ROLES = tuple(Role)
RELATIONS = (
    "own",
    "own_team",
    "other_team",
    "closed",
    "other_org",
    "referral_pending",
    "referral_accepted",
    "referral_declined",
    "referral_ended",
    "consent_withdrawn",
    "granted",
)
OWN_SIDE = frozenset({"own", "own_team", "other_team", "closed"})
REASON = "Synthetic referral reason 7731."


@dataclass
class Scenario:
    role: str
    relation: str
    actor: Staff
    case: Case
    proceeding: LegalProceeding
    perpetrator: Perpetrator  # recorded by the owner
    referral: Referral  # to the actor's organisation, or else the owner's to a third member
    outgoing: Referral  # the owner's pending referral to a third member
    owner_caseworker: Staff
    outsider: Staff  # a caseworker of a fourth member: who a grant or a referral can go to


def org(short_name: str) -> Organization:
    return Organization.objects.get(short_name=short_name)


def build(role: str, relation: str) -> Scenario:
    home = (
        org("SSDO") if role in (Role.SECRETARIAT_ANALYST, Role.SECRETARIAT_ADMIN) else org("Sahil")
    )
    foreign, third, fourth = org("LAS"), org("Bedari"), org("Sanjh")
    team, other_team = (Team.objects.create(organization=home, name=n) for n in ("T1", "T2"))
    actor = make_staff(home, role, "actor", team=team)
    teammate = make_staff(home, Role.CASEWORKER, "teammate", team=team)
    stranger = make_staff(home, Role.CASEWORKER, "stranger", team=other_team)
    home_supervisor = make_staff(home, Role.SUPERVISOR, "home-supervisor")
    foreign_caseworker = make_staff(foreign, Role.CASEWORKER, "foreign-caseworker")
    foreign_supervisor = make_staff(foreign, Role.SUPERVISOR, "foreign-supervisor")
    outsider = make_staff(fourth, Role.CASEWORKER, "outsider")

    owner = teammate if relation in OWN_SIDE else foreign_caseworker
    case = case_services.open_case(
        organization=owner.organization,
        by=owner.user,
        intake_channel="helpline",
        consent_record=True,
        consent_share_coalition=True,
        full_name="Synthetic Person",
        origin_province="punjab",
        origin_district="Kasur",
    )
    proceeding = case_services.save_proceeding(
        proceeding=LegalProceeding(
            case=case, authority="police", law="ptpa_2018", stage="fir", fir_number="1/2026"
        ),
        by=owner.user,
    )
    perpetrator = record.save_perpetrator(
        perpetrator=Perpetrator(case=case, name="Synthetic agent", roles=["agent"]), by=owner.user
    )
    legal_aid = Service.objects.get(code="legal_aid")
    ServiceOffering.objects.get_or_create(organization=fourth, service=legal_aid, province="punjab")
    outgoing = referral_services.send_referral(
        case=case,
        by=owner.user,
        to_organization=third,
        service=legal_aid,
        urgency="routine",
        reason=REASON,
        sections=["survivor", "needs"],
    )
    referral = outgoing
    # Written after the owner's own work on the case, which needs the case to be theirs.
    assignee = {"own": actor, "closed": actor, "own_team": teammate, "other_team": stranger}
    Case.objects.with_scopes_disabled().filter(pk=case.pk).update(
        assigned_to=assignee.get(relation, owner)
    )
    if relation.startswith("referral_") or relation == "consent_withdrawn":
        psychosocial = Service.objects.get(code="psychosocial")
        # The secretariat receives referrals only for what the directory says it offers.
        ServiceOffering.objects.get_or_create(
            organization=home, service=psychosocial, province="punjab"
        )
        referral = referral_services.send_referral(
            case=case,
            by=owner.user,
            to_organization=home,
            service=psychosocial,
            urgency="routine",
            reason=REASON,
            sections=["survivor", "needs", "legal", "notes", "documents", "services"],
        )
        desk = make_staff(home, Role.REFERRAL_DESK, "home-desk")
        if relation == "referral_declined":
            referral_services.decline(referral=referral, by=desk.user, reason="no_capacity")
        elif relation != "referral_pending":
            referral_services.accept(referral=referral, by=desk.user)
        if relation == "referral_ended":
            referral_services.complete(referral=referral, by=desk.user, outcome="service_provided")
        if relation == "consent_withdrawn":
            record_consent(case=case, by=owner.user, kind="withdrawn")
    if relation == "granted":
        # Written as a row, not through the grant service (which refuses a role that reads no
        # case file): what a stray grant opens is the access layer's to decide.
        CaseShare.objects.create(
            case=case,
            kind=CaseShare.Kind.GRANT,
            key="grant:scenario",
            grantee=actor.user,
            sections=["survivor"],
            offered_by=foreign_supervisor.user,
            accepted_at=timezone.now(),
        )
    if relation == "closed":
        case_services.request_closure(case=case, by=teammate.user, reason="services_completed")
        case_services.approve_closure(case=case, by=home_supervisor.user, open_work_confirmed=True)
    return Scenario(
        role=role,
        relation=relation,
        actor=actor,
        case=Case.objects.with_scopes_disabled().get(pk=case.pk),
        proceeding=proceeding,
        perpetrator=perpetrator,
        referral=Referral.objects.with_scopes_disabled().get(pk=referral.pk),
        outgoing=outgoing,
        owner_caseworker=owner,
        outsider=outsider,
    )
