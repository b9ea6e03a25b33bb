"""Making a referral, answering it, and what each side sees along the way."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cases import services as case_services
from cases.consent import record_consent
from coalition.models import AccessLog, Notification
from referrals import services
from referrals.models import Referral, Status
from referrals.workflow import TransitionRefused
from tests.cases.conftest import open_case


def fresh(referral) -> Referral:
    return Referral.objects.with_scopes_disabled().get(pk=referral.pk)


def test_a_caseworker_refers_through_the_pages(
    as_user, caseworker_a, consenting_case, org_b, legal_aid, offering_b, desk_b
):
    client = as_user(caseworker_a)
    page = client.get(f"/cases/{consenting_case.pk}/").content.decode()
    assert f"/referrals/new/{consenting_case.pk}/" in page
    step1 = client.get(f"/referrals/new/{consenting_case.pk}/").content.decode()
    assert "which service" in step1
    step2 = client.get(f"/referrals/new/{consenting_case.pk}/", {"service": legal_aid.pk})
    assert "offers it where the person is from" in step2.content.decode()
    form = {
        "service": legal_aid.pk,
        "to_organization": org_b.pk,
        "urgency": "emergency",
        "reason": "Needs a lawyer today.",
        "sections": ["survivor", "needs"],
    }
    preview = client.post(f"/referrals/new/{consenting_case.pk}/", {**form, "preview": "1"})
    html = preview.content.decode()
    assert "As the organisation will see it" in html
    assert "Kiran Bibi" in html and "35202-7654321-1" not in html  # contact not ticked
    assert not Referral.objects.with_scopes_disabled().exists()
    sent = client.post(f"/referrals/new/{consenting_case.pk}/", {**form, "send": "1"})
    referral = Referral.objects.with_scopes_disabled().get()
    assert sent["Location"] == f"/referrals/{referral.pk}/"
    assert referral.status == Status.PENDING
    assert referral.shared_sections == ["survivor", "needs"]
    assert Notification.objects.filter(recipient=desk_b.user, kind="referral_received").exists()


def test_without_consent_to_share_the_referral_is_refused_and_the_app_says_how_to_fix_it(
    as_user, caseworker_a, org_b, legal_aid
):
    case = open_case(caseworker_a, consent_share_coalition=False)
    html = as_user(caseworker_a).get(f"/referrals/new/{case.pk}/").content.decode()
    assert "consent does not cover sharing" in html
    assert f"/cases/{case.pk}/consent/" in html
    with pytest.raises(ValidationError, match="consent does not cover sharing"):
        services.send_referral(
            case=case,
            by=caseworker_a.user,
            to_organization=org_b,
            service=legal_aid,
            urgency="routine",
            reason="x",
            sections=[],
        )
    response = as_user(caseworker_a).post(
        f"/referrals/new/{case.pk}/",
        {"service": legal_aid.pk, "to_organization": org_b.pk, "urgency": "routine",
         "reason": "x", "send": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Referral.objects.with_scopes_disabled().exists()


def test_what_the_receiver_sees_before_during_and_after(
    as_user, referral, desk_b, supervisor_b, caseworker_b, caseworker_a, consenting_case
):
    case_url = f"/cases/{consenting_case.pk}/"
    desk = as_user(desk_b)
    # Before accepting: the referral, not the case.
    page = desk.get(f"/referrals/{referral.pk}/").content.decode()
    assert "FIR registration and bail hearing." in page
    assert "Kiran Bibi" not in page
    assert desk.get(case_url).status_code == 404
    # A caseworker of the receiving organisation not assigned to it sees nothing.
    assert as_user(caseworker_b).get(f"/referrals/{referral.pk}/").status_code == 404

    services.accept(referral=referral, by=desk_b.user, assigned_to=caseworker_b)
    case_page = desk.get(case_url).content.decode()
    assert "Kiran Bibi" in case_page and "Needs a lawyer for the FIR." in case_page
    assert "35202-7654321-1" not in case_page and "+923001112223" not in case_page
    assert as_user(caseworker_b).get(case_url).status_code == 200
    assert desk.get(f"{case_url}edit/").status_code in (403, 404)
    assert desk.get(f"{case_url}history/").status_code == 404
    assert "Open note" not in desk.get(f"{case_url}documents/").content.decode()
    # The sender's confidential note never crosses; the receiver records its own.
    case_services.add_note(
        case=consenting_case, by=caseworker_a.user, text="Secret note", confidential=True
    )
    case_services.add_note(case=consenting_case, by=caseworker_a.user, text="Open note")
    notes_page = desk.get(f"{case_url}notes/").content.decode()  # notes not shared: own only
    assert "Open note" not in notes_page and "Secret note" not in notes_page
    service_page = as_user(caseworker_b).post(
        f"{case_url}services/",
        {"service": referral.service_id, "delivered_on": "2026-01-05", "description": "Bail"},
    )
    assert service_page.status_code == 302
    # Search finds it for the receiver, by the shared name only.
    listing = as_user(supervisor_b).get("/cases/", {"q": "Kiran"}).content.decode()
    assert f'href="{case_url}"' in listing

    services.complete(referral=referral, by=desk_b.user, outcome="service_provided")
    assert desk.get(case_url).status_code == 404
    after = desk.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Bail" in after  # what they recorded stays theirs
    assert "Kiran Bibi" not in after


def test_withdrawn_consent_ends_the_receivers_access(
    as_user, referral, desk_b, caseworker_a, consenting_case
):
    services.accept(referral=referral, by=desk_b.user)
    assert as_user(desk_b).get(f"/cases/{consenting_case.pk}/").status_code == 200
    record_consent(case=consenting_case, by=caseworker_a.user, kind="withdrawn")
    assert as_user(desk_b).get(f"/cases/{consenting_case.pk}/").status_code == 404


def test_declining_needs_a_structured_reason_and_suggests_others(
    as_user, referral, desk_b, caseworker_a, org_b, legal_aid, db
):
    from members.models import Organization, ServiceOffering

    other = Organization.objects.exclude(pk__in=[org_b.pk, referral.from_organization_id]).filter(
        kind="member"
    )[0]
    ServiceOffering.objects.create(organization=other, service=legal_aid, province="punjab")
    with pytest.raises(ValidationError):
        services.decline(referral=referral, by=desk_b.user, reason="other", note="")
    response = as_user(desk_b).post(
        f"/referrals/{referral.pk}/decline/", {"reason": "no_capacity", "note": ""}
    )
    assert response.status_code == 302
    assert fresh(referral).status == Status.DECLINED
    page = as_user(caseworker_a).get(f"/referrals/{referral.pk}/").content.decode()
    assert "No capacity" in page
    assert other.name in page and "Refer to them instead" in page
    assert Notification.objects.filter(
        recipient=caseworker_a.user, kind="referral_declined"
    ).exists()


def test_impossible_transitions_are_refused_with_a_message(as_user, referral, desk_b, caseworker_a):
    services.withdraw(referral=referral, by=caseworker_a.user)
    with pytest.raises(TransitionRefused):
        services.accept(referral=referral, by=desk_b.user)
    response = as_user(desk_b).post(f"/referrals/{referral.pk}/accept/", follow=True)
    assert "already withdrawn" in response.content.decode()
    assert fresh(referral).status == Status.WITHDRAWN
    with pytest.raises(TransitionRefused):
        services.complete(referral=referral, by=desk_b.user, outcome="service_provided")


def test_only_the_right_side_can_make_each_move(as_user, referral, desk_b, caseworker_a):
    # The sender cannot accept its own referral; the receiver cannot withdraw it.
    assert as_user(caseworker_a).post(f"/referrals/{referral.pk}/accept/").status_code == 404
    assert fresh(referral).status == Status.PENDING
    as_user(desk_b).post(f"/referrals/{referral.pk}/withdraw/")
    assert fresh(referral).status == Status.PENDING


def test_a_third_organisation_sees_nothing(as_user, referral, org_a, org_b, db):
    from members.models import Organization
    from members.roles import Role
    from tests.factories import make_staff

    third = Organization.objects.exclude(pk__in=[org_a.pk, org_b.pk]).filter(kind="member")[0]
    desk = make_staff(third, Role.REFERRAL_DESK, "third-desk")
    client = as_user(desk)
    assert client.get(f"/referrals/{referral.pk}/").status_code == 404
    assert client.post(f"/referrals/{referral.pk}/accept/").status_code == 404
    assert "Kiran" not in client.get("/referrals/", {"tab": "history"}).content.decode()


def test_every_transition_writes_history_and_the_access_log(referral, desk_b):
    services.accept(referral=referral, by=desk_b.user)
    services.complete(referral=referral, by=desk_b.user, outcome="service_provided")
    statuses = list(referral.events.values_list("to_status", flat=True))
    assert statuses == ["pending", "accepted", "completed"]
    verbs = set(
        AccessLog.objects.filter(
            target_type="referrals.referral", target_id=referral.pk
        ).values_list("verb", flat=True)
    )
    assert {"referral.sent", "referral.accepted", "referral.completed"} <= verbs


def test_emails_go_out_in_each_recipients_language(
    referral, desk_b, caseworker_a, django_capture_on_commit_callbacks
):
    from members import services as member_services

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(referral=referral, by=desk_b.user)
    (english,) = [m for m in mail.outbox if m.to == [caseworker_a.user.email]]
    assert english.subject == f"Referral {referral.case.number} accepted by LAS"
    assert "Kiran" not in english.body  # no survivor's name in an email
    assert f"/referrals/{referral.pk}/" in english.body

    member_services.set_language(staff=caseworker_a, language="ur")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.complete(referral=referral, by=desk_b.user, outcome="service_provided")
    (urdu,) = [m for m in mail.outbox if m.to == [caseworker_a.user.email]]
    assert referral.case.number in urdu.subject and "LAS" in urdu.subject
    assert any("\u0600" <= ch <= "\u06ff" for ch in urdu.subject)  # Urdu script
    assert "completed" not in urdu.subject


def test_opening_a_referral_is_in_the_access_log(as_user, referral, desk_b):
    as_user(desk_b).get(f"/referrals/{referral.pk}/")
    assert AccessLog.objects.filter(
        action="view", verb="referral.viewed", actor=desk_b.user, case_id=referral.case_id
    ).exists()


def test_bad_values_in_the_address_are_handled(as_user, caseworker_a, consenting_case):
    client = as_user(caseworker_a)
    assert client.get(f"/referrals/new/{consenting_case.pk}/", {"service": "x'"}).status_code == 200
    assert client.get("/referrals/", {"tab": "<script>"}).status_code == 200
    assert client.get("/referrals/999999/").status_code == 404
    assert client.get("/cases/", {"assigned_to": "abc", "page": "-1"}).status_code == 200


def test_a_caseworker_lands_on_the_referrals_they_sent(as_user, referral, caseworker_a):
    html = as_user(caseworker_a).get("/referrals/").content.decode()
    assert f'href="/referrals/{referral.pk}/"' in html
    assert "Waiting for our answer" not in html


def test_declining_for_another_reason_needs_the_explanation(as_user, referral, desk_b):
    """Refused, the form is drawn again on the referral's page as it was sent: the error beside
    its field, the reason still chosen."""
    response = as_user(desk_b).post(
        f"/referrals/{referral.pk}/decline/", {"reason": "other", "note": " "}
    )
    assert response.status_code == 200
    form = response.context["decline_form"]
    assert form.errors["note"] == ["Explain the reason in a few words."]
    assert form["reason"].value() == "other"
    assert re.search(r'<input[^>]*value="other"[^>]*checked', response.content.decode())
    assert fresh(referral).status == Status.PENDING


def test_an_answer_with_a_missing_field_says_which_and_keeps_the_rest(as_user, referral, desk_b):
    response = as_user(desk_b).post(
        f"/referrals/{referral.pk}/decline/", {"reason": "", "note": "No lawyer free."}
    )
    assert response.status_code == 200
    form = response.context["decline_form"]
    assert form.errors["reason"] and "No lawyer free." in response.content.decode()
    assert fresh(referral).status == Status.PENDING


def test_the_district_of_origin_reads_in_the_readers_language(as_user, referral, desk_b):
    client = as_user(desk_b)
    assert "Kasur" in client.get(f"/referrals/{referral.pk}/").content.decode()
    client.post("/i18n/setlang/", {"language": "ur", "next": "/referrals/"})
    urdu = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "قصور" in urdu and "Kasur" not in urdu
