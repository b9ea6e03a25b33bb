"""The declared table, walked through the service functions: the rules hold where the write is."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import access
from cases import services as case_services
from cases.consent import record_consent
from cases.models import Case, LegalProceeding, Perpetrator
from cases.services import record
from cases.transfer import services as transfer_services
from members.models import Service
from referrals import services as referral_services
from referrals import visibility as referral_visibility
from referrals.models import Referral

from .scenario import Scenario, build
from .table import ACTIONS, ALLOW, CASE_ACTIONS, CELLS, DENY, expected
from .walk import outcome, pending_transfer


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "coalition.encrypted_storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def visible(queryset) -> str:
    return ALLOW if queryset.exists() else DENY


def service_calls(s: Scenario) -> dict:
    by, case = s.actor.user, s.case

    def current():
        return Case.objects.with_scopes_disabled().get(pk=case.pk)

    def referral():
        return Referral.objects.with_scopes_disabled().get(pk=s.referral.pk)

    def changed_proceeding():
        proceeding = LegalProceeding.objects.with_scopes_disabled().get(pk=s.proceeding.pk)
        proceeding.stage = "investigation"
        return case_services.save_proceeding(proceeding=proceeding, by=by, changed=["stage"])

    def changed_perpetrator():
        perpetrator = Perpetrator.objects.with_scopes_disabled().get(pk=s.perpetrator.pk)
        perpetrator.alias = "changed"
        return record.save_perpetrator(perpetrator=perpetrator, by=by, changed=["alias"])

    return {
        "view": lambda: visible(Case.objects.visible_to(by).filter(pk=case.pk)),
        "view_history": lambda: access.require(by, "view_history", current()),
        "view_access_entries": lambda: access.require(by, "view_access_entries", current()),
        "edit": lambda: case_services.update_case(
            case=current(), by=by, expected_version=current().version, changes={"summary": "x"}
        ),
        "set_status": lambda: case_services.set_status(case=current(), by=by, status="active"),
        "set_follow_up": lambda: case_services.set_follow_up(
            case=current(), by=by, on=timezone.localdate() + timedelta(days=7)
        ),
        "record_consent": lambda: record_consent(case=current(), by=by, kind="withdrawn"),
        "assign": lambda: case_services.assign_case(
            case=current(), by=by, assignee=current().assigned_to
        ),
        "request_closure": lambda: case_services.request_closure(
            case=current(), by=by, reason="services_completed"
        ),
        "approve_closure": lambda: case_services.approve_closure(
            case=current(), by=by, open_work_confirmed=True
        ),
        "send_back_closure": lambda: case_services.send_back_closure(
            case=current(), by=by, note="x"
        ),
        "reopen": lambda: case_services.reopen_case(case=current(), by=by, reason="x"),
        "refer": lambda: referral_services.send_referral(
            case=current(),
            by=by,
            to_organization=s.outsider.organization,
            service=Service.objects.get(code="legal_aid"),
            urgency="routine",
            reason="x",
            sections=["survivor"],
        ),
        "withdraw_referral": lambda: referral_services.withdraw(referral=s.outgoing, by=by),
        "grant_access": lambda: case_services.grant_case_access(
            case=current(), by=by, grantee=s.outsider.user
        ),
        "add_note": lambda: case_services.add_note(case=current(), by=by, text="x"),
        "add_document": lambda: case_services.add_document(
            case=current(),
            by=by,
            uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"),
            doc_type="statement",
            content_type="application/pdf",
        ),
        "record_service": lambda: case_services.record_service(
            case=current(),
            by=by,
            service=Service.objects.get(code="shelter"),
            delivered_on=timezone.localdate(),
        ),
        "add_legal": lambda: case_services.save_proceeding(
            proceeding=LegalProceeding(
                case=current(), authority="fia", law="ptpa_2018", stage="complaint"
            ),
            by=by,
        ),
        "change_legal": changed_proceeding,
        "add_exploitation_detail": lambda: record.save_perpetrator(
            perpetrator=Perpetrator(case=current(), name="x", roles=["recruiter"]), by=by
        ),
        "change_exploitation_detail": changed_perpetrator,
        "produce_police_summary": lambda: record.produce_police_summary(case=current(), by=by),
        "erase": lambda: case_services.erase_case(case=current(), by=by, reason="person_asked"),
        "view_referral": lambda: visible(Referral.objects.visible_to(by).filter(pk=s.referral.pk)),
        "read_referral_content": lambda: (
            ALLOW
            if Referral.objects.visible_to(by).filter(pk=s.referral.pk).exists()
            and referral_visibility.reads_content(by, referral())
            else DENY
        ),
        "accept_referral": lambda: referral_services.accept(referral=referral(), by=by),
        "decline_referral": lambda: referral_services.decline(
            referral=referral(), by=by, reason="no_capacity"
        ),
        "complete_referral": lambda: referral_services.complete(
            referral=referral(), by=by, outcome="service_provided"
        ),
        "propose_transfer": lambda: transfer_services.propose_transfer(
            case=current(),
            by=by,
            to_organization=s.outsider.organization,
            reason="x",
            consent_given_on=timezone.localdate(),
        ),
        "withdraw_transfer": lambda: transfer_services.withdraw_transfer(case=current(), by=by),
        "accept_transfer": lambda: transfer_services.accept_transfer(
            transfer=pending_transfer(s), by=by
        ),
        "decline_transfer": lambda: transfer_services.decline_transfer(
            transfer=pending_transfer(s), by=by
        ),
    }


def test_the_table_names_every_action_of_the_access_layer():
    assert set(CASE_ACTIONS) == set(access.ACTIONS)


@pytest.mark.parametrize(("role", "relation"), CELLS)
def test_services_follow_the_table(db, role, relation):
    scenario = build(role, relation)
    calls = service_calls(scenario)
    assert set(calls) == set(ACTIONS)
    wrong = {
        action: (got, want)
        for action in ACTIONS
        if (got := outcome(scenario, action, calls[action]))
        != (want := expected(action, role, relation))
    }
    assert not wrong, f"{role} on a case {relation}: got, expected = {wrong}"


def test_what_a_page_is_told_it_may_do_cannot_be_changed_by_the_page():
    case_access = access.CaseAccess(
        relations=frozenset(), sections=frozenset(), allowed=frozenset({"edit"})
    )
    assert case_access.may["edit"] and not case_access.may["erase"]
    assert set(case_access.may) == set(access.ACTIONS)
    with pytest.raises(TypeError):
        case_access.may["erase"] = True
    assert case_access.may is case_access.may  # made once, however often a template asks
