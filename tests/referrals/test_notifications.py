from coalition.models import Notification


def test_the_navigation_counts_unread_notifications_and_the_page_marks_them_read(
    as_user, referral, desk_b
):
    client = as_user(desk_b)
    home = client.get("/").content.decode()
    assert 'href="/notifications/"' in home
    assert 'Notifications <span class="badge">1</span>' in home
    page = client.get("/notifications/").content.decode()
    assert f"New referral {referral.case.number} from Sahil" in page
    assert f'href="/referrals/{referral.pk}/"' in page
    assert not Notification.objects.filter(recipient=desk_b.user, read_at__isnull=True).exists()
    # The notifications' count is gone; My work still counts the referral to answer.
    assert 'Notifications <span class="badge">' not in client.get("/").content.decode()


def test_notifications_are_private(as_user, referral, desk_b, caseworker_b):
    page = as_user(caseworker_b).get("/notifications/").content.decode()
    assert referral.case.number not in page


def test_an_urdu_reader_gets_the_service_and_urgency_in_urdu_and_numbers_isolated(referral):
    from django.utils import translation

    from coalition.models import Notification
    from coalition.notifications import body_of, subject_of

    notification = Notification.objects.filter(kind="referral_received").first()
    with translation.override("ur"):
        body, subject = body_of(notification), subject_of(notification)
    assert referral.service.name_ur and referral.service.name_ur in body
    assert referral.service.name not in body and "urgent" not in body
    assert f"\u2066{referral.case.number}\u2069" in subject
