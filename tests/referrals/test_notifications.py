from coalition.models import Notification


def test_the_navigation_counts_unread_notifications_and_the_page_marks_them_read(
    as_user, referral, desk_b
):
    client = as_user(desk_b)
    home = client.get("/").content.decode()
    assert 'href="/notifications/"' in home
    assert '<span class="badge">1</span>' in home
    page = client.get("/notifications/").content.decode()
    assert f"New referral {referral.case.number} from Sahil" in page
    assert f'href="/referrals/{referral.pk}/"' in page
    assert not Notification.objects.filter(recipient=desk_b.user, read_at__isnull=True).exists()
    assert '<span class="badge">' not in client.get("/").content.decode()


def test_notifications_are_private(as_user, referral, desk_b, caseworker_b):
    page = as_user(caseworker_b).get("/notifications/").content.decode()
    assert referral.case.number not in page
