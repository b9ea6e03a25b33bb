"""A notification keeps codes and is put into words in its reader's language when read."""

from django.utils import translation

from coalition.models import Notification
from coalition.notifications import body_of, subject_of
from referrals import services


def test_an_urdu_reader_reads_the_service_and_urgency_in_urdu(
    consenting_case, caseworker_a, org_b, legal_aid, offering_b, desk_b
):
    services.send_referral(
        case=consenting_case,
        by=caseworker_a.user,
        to_organization=org_b,
        service=legal_aid,
        urgency="emergency",
        reason="FIR registration.",
        sections=["survivor"],
    )
    notification = Notification.objects.get(recipient=desk_b.user, kind="referral_received")
    assert notification.params["service"] == "legal_aid"  # the code, not the English words
    assert notification.params["urgency"] == "emergency"
    with translation.override("ur"):
        urdu = subject_of(notification) + body_of(notification)
    assert legal_aid.name_ur and legal_aid.name_ur in urdu
    assert legal_aid.name not in urdu
    assert "emergency" not in urdu
    with translation.override("en"):
        english = body_of(notification)
    assert legal_aid.name in english
    assert "Emergency" in english


def test_a_notification_stored_before_codes_still_reads(desk_b):
    old = Notification.objects.create(
        recipient=desk_b.user,
        kind="referral_accepted",
        params={"case": "SAHIL-2026-000001", "to_org": "LAS", "service": "Legal aid"},
        link="/",
        dedupe_key="old",
    )
    assert "Legal aid" in body_of(old)
