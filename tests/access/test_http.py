"""The declared table, walked over HTTP: every page that takes a case or referral id answers as
the table says. A refused request is a 404; an allowed one does its work (its access-log entry is
written); a request refused for the case's state writes nothing and is not a 404."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from coalition.models import AccessLog
from members.models import Service
from tests.cases.conftest import edit_data
from tests.files import PDF

from .scenario import REASON, Scenario, build
from .table import ACTIONS, ALLOW, CELLS, DENY, REFUSE, expected
from .walk import outcome, pending_transfer

NOTE_ADDED = "case.note_added"
# Actions no page offers: what they would do is covered at the service level.
NO_PAGE = {"grant_access"}


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "coalition.encrypted_storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def requests_for(s: Scenario) -> dict:
    """action -> (method, path, data, the access-log verb its success writes)."""
    c, r, p = s.case.pk, s.referral.pk, s.proceeding.pk
    today = timezone.localdate()
    legal = {
        "authority": "police",
        "law": "ptpa_2018",
        "stage": "investigation",
        "outcome": "pending",
    }
    perpetrator = {
        "name": "Synthetic agent",
        "roles": ["agent"],
        "sex": "unknown",
        "age_range": "unknown",
        "nationality": "PK",
    }
    return {
        "view": ("get", f"/cases/{c}/", None, "case.viewed.case"),
        "view_history": ("get", f"/cases/{c}/history/", None, "case.viewed.history"),
        "view_access_entries": ("get", f"/cases/{c}/history/", None, "case.viewed.history"),
        "edit": ("post", f"/cases/{c}/edit/", "edit", "case.updated"),
        "set_status": ("post", f"/cases/{c}/status/", {"status": "active"}, "case.status_changed"),
        "set_follow_up": (
            "post",
            f"/cases/{c}/follow-up/",
            {"next_follow_up": (today + timedelta(days=7)).isoformat()},
            "case.follow_up_set",
        ),
        "record_consent": (
            "post",
            f"/cases/{c}/consent/",
            {"kind": "withdrawn", "record": "on", "on": today.isoformat()},
            "case.consent_withdrawn",
        ),
        "assign": ("post", f"/cases/{c}/assign/", "assign", "case.assigned"),
        "request_closure": (
            "post",
            f"/cases/{c}/close/",
            {"reason": "services_completed", "note": ""},
            "case.closure_requested",
        ),
        "approve_closure": (
            "post",
            f"/cases/{c}/close/review/",
            {"approve": "1", "open_work_confirmed": "1"},
            "case.closed",
        ),
        "send_back_closure": (
            "post",
            f"/cases/{c}/close/review/",
            {"note": "Not yet"},
            "case.closure_sent_back",
        ),
        "reopen": ("post", f"/cases/{c}/reopen/", {"reason": "x"}, "case.reopened"),
        "refer": ("post", f"/referrals/new/{c}/", "refer", "referral.sent"),
        "withdraw_referral": (
            "post",
            f"/referrals/{s.outgoing.pk}/withdraw/",
            {"note": ""},
            "referral.withdrawn",
        ),
        "add_note": (
            "post",
            f"/cases/{c}/notes/",
            {"text": "x", "kind": "note"},
            "case.note_added",
        ),
        "add_document": ("post", f"/cases/{c}/documents/", "document", "case.document_added"),
        "record_service": (
            "post",
            f"/cases/{c}/services/",
            {"service": Service.objects.get(code="shelter").pk, "delivered_on": today.isoformat()},
            "case.service_recorded",
        ),
        "add_legal": (
            "post",
            f"/cases/{c}/legal/",
            {**legal, "stage": "complaint"},
            "case.legal_added",
        ),
        "change_legal": (
            "post",
            f"/cases/{c}/legal/{p}/",
            {**legal, "fir_number": "1/2026"},
            "case.legal_updated",
        ),
        "add_exploitation_detail": (
            "post",
            f"/cases/{c}/record/perpetrators/new/",
            perpetrator,
            "case.perpetrator_added",
        ),
        "change_exploitation_detail": (
            "post",
            f"/cases/{c}/record/perpetrators/{s.perpetrator.pk}/",
            {**perpetrator, "alias": "changed"},
            "case.perpetrator_updated",
        ),
        "produce_police_summary": (
            "post",
            f"/cases/{c}/police-summary/",
            {},
            "case.police_summary",
        ),
        "erase": (
            "post",
            f"/cases/{c}/erase/",
            {"reason": "person_asked", "confirm": "on"},
            "case.erased",
        ),
        "view_referral": ("get", f"/referrals/{r}/", None, "referral.viewed"),
        "read_referral_content": ("get", f"/referrals/{r}/", None, REASON),
        "accept_referral": ("post", f"/referrals/{r}/accept/", {}, "referral.accepted"),
        "decline_referral": (
            "post",
            f"/referrals/{r}/decline/",
            {"reason": "no_capacity", "note": ""},
            "referral.declined",
        ),
        "complete_referral": (
            "post",
            f"/referrals/{r}/complete/",
            {"outcome": "service_provided", "note": ""},
            "referral.completed",
        ),
        "propose_transfer": (
            "post",
            f"/cases/{c}/transfer/",
            {
                "to_organization": s.outsider.organization_id,
                "reason": "x",
                "consent": "on",
                "consent_given_on": today.isoformat(),
            },
            "transfer.proposed",
        ),
        "withdraw_transfer": ("post", f"/cases/{c}/transfer/withdraw/", {}, "transfer.withdrawn"),
        # The transfer is made when the action is taken: its address is known only then.
        "accept_transfer": (
            "post",
            lambda: f"/cases/transfers/{pending_transfer(s).pk}/accept/",
            {"assign_to": ""},
            "transfer.accepted",
        ),
        "decline_transfer": (
            "post",
            lambda: f"/cases/transfers/{pending_transfer(s).pk}/decline/",
            {"note": ""},
            "transfer.declined",
        ),
    }


def data_for(s: Scenario, data):
    case = type(s.case).objects.with_scopes_disabled().get(pk=s.case.pk)
    if data == "edit":
        return edit_data(case, summary="Changed over HTTP")
    if data == "assign":
        return {"assignee": case.assigned_to_id}
    if data == "document":
        return {"doc_type": "statement", "upload": SimpleUploadedFile("a.pdf", PDF)}
    if data == "refer":
        return {
            "service": Service.objects.get(code="legal_aid").pk,
            "to_organization": s.outsider.organization_id,
            "urgency": "routine",
            "reason": "x",
            "sections": ["survivor"],
            "send": "1",
        }
    return data


def over_http(client: Client, s: Scenario, action: str, request) -> str:
    method, path, data, verb = request
    path = path() if callable(path) else path
    before = AccessLog.objects.filter(verb=verb).count()
    response = getattr(client, method)(path, data_for(s, data) or {})
    if response.status_code in (403, 404):
        return DENY
    if action == "read_referral_content":
        return ALLOW if REASON in response.content.decode() else DENY
    if action == "view_access_entries":
        return ALLOW if "h-access" in response.content.decode() else DENY
    return ALLOW if AccessLog.objects.filter(verb=verb).count() > before else REFUSE


@pytest.mark.parametrize(("role", "relation"), CELLS)
def test_pages_follow_the_table(db, role, relation):
    scenario = build(role, relation)
    client = Client()
    client.force_login(scenario.actor.user)
    requests = requests_for(scenario)
    assert set(requests) | NO_PAGE == set(ACTIONS)
    wrong = {
        action: (got, want)
        for action, request in requests.items()
        if (
            got := outcome(
                scenario, action, lambda r=request, a=action: over_http(client, scenario, a, r)
            )
        )
        != (want := expected(action, role, relation))
    }
    assert not wrong, f"{role} on a case {relation}: got, expected = {wrong}"
