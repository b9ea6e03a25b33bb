"""Second factors: required of admins, supervisors and the secretariat, offered to everyone;
backup codes; a browser remembered for at most 12 hours; an admin's logged reset."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.models import AccessLog, Notification
from members.two_factor import REMEMBER_COOKIE
from tests.factories import TEST_PASSWORD


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.REQUIRE_TWO_FACTOR = True


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client: Client, username: str):
    return client.post(reverse("login"), {"username": username, "password": TEST_PASSWORD})


def set_up(client: Client, user) -> list[str]:
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response.status_code == 200
    return response.context["codes"]


def test_a_supervisor_must_set_up_a_second_factor_before_anything_else(client, supervisor_a):
    sign_in(client, "a-supervisor")
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    # Typing the code may keep the session (static/js/app.js), and opens nothing else.
    assert client.post(reverse("keep_signed_in")).status_code == 204
    assert client.get("/cases/")["Location"].startswith(reverse("two_factor_setup"))


@pytest.mark.parametrize("fixture", ["admin_a", "analyst", "secretariat_admin"])
def test_admins_and_the_secretariat_must_set_one_up_too(client, request, fixture):
    staff = request.getfixturevalue(fixture)
    sign_in(client, staff.user.username)
    assert client.get("/").headers["Location"].startswith(reverse("two_factor_setup"))


def test_a_caseworker_is_offered_one_but_not_stopped(client, caseworker_a):
    sign_in(client, "a-caseworker")
    assert client.get("/cases/").status_code == 200
    assert client.get(reverse("two_factor_setup")).status_code == 200


def test_when_the_setting_is_off_nobody_is_stopped_and_the_login_page_says_so(
    client, settings, supervisor_a
):
    settings.REQUIRE_TWO_FACTOR = False
    assert b"two-factor sign-in is switched off" in client.get(reverse("login")).content
    sign_in(client, "a-supervisor")
    assert client.get("/cases/").status_code == 200


def test_the_login_page_says_nothing_of_a_demo_when_it_is_on(client, db):
    assert b"switched off" not in client.get(reverse("login")).content


def test_setting_up_gives_backup_codes_and_opens_the_app(client, supervisor_a):
    sign_in(client, "a-supervisor")
    codes = set_up(client, supervisor_a.user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/cases/").status_code == 200
    assert AccessLog.objects.filter(verb="account.second_factor_added").exists()


def test_a_wrong_setup_code_is_refused(client, supervisor_a):
    sign_in(client, "a-supervisor")
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_the_next_sign_in_asks_for_the_code_and_logs_a_wrong_one(client, supervisor_a):
    sign_in(client, "a-supervisor")
    set_up(client, supervisor_a.user)
    client.post(reverse("logout"))
    sign_in(client, "a-supervisor")
    assert client.get("/cases/")["Location"].startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert "That code is not right" in wrong.content.decode()
    assert AccessLog.objects.filter(verb="account.second_factor_failed").count() == 1
    device = TOTPDevice.objects.get(user=supervisor_a.user)
    device.throttling_failure_count = 0  # django-otp slows the next try after a wrong one
    device.throttling_failure_timestamp = None
    device.save()
    right = client.post(reverse("two_factor_verify"), {"code": code_for(device, 1)})
    assert right.status_code == 302
    assert client.get("/cases/").status_code == 200


def test_an_unverified_session_cannot_replace_the_authenticator(client, supervisor_a):
    sign_in(client, "a-supervisor")
    set_up(client, supervisor_a.user)
    client.post(reverse("logout"))
    sign_in(client, "a-supervisor")  # a stolen password, without the phone
    assert client.get(reverse("two_factor_setup"))["Location"] == reverse("two_factor_verify")
    assert client.post(reverse("two_factor_backup_codes")).status_code == 302
    assert TOTPDevice.objects.filter(user=supervisor_a.user).count() == 1


def test_a_backup_code_works_once(client, supervisor_a):
    sign_in(client, "a-supervisor")
    codes = set_up(client, supervisor_a.user)
    client.post(reverse("logout"))
    sign_in(client, "a-supervisor")
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 302
    client.post(reverse("logout"))
    sign_in(client, "a-supervisor")
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200


def test_a_remembered_browser_skips_the_code_for_at_most_12_hours(client, supervisor_a):
    sign_in(client, "a-supervisor")
    set_up(client, supervisor_a.user)
    client.post(reverse("logout"))
    sign_in(client, "a-supervisor")
    device = TOTPDevice.objects.get(user=supervisor_a.user)
    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(device, 1), "remember": "on"}
    )
    assert response.cookies[REMEMBER_COOKIE]["max-age"] == 12 * 3600
    assert response.cookies[REMEMBER_COOKIE]["httponly"]
    client.post(reverse("logout"))
    sign_in(client, "a-supervisor")
    assert client.get("/cases/").status_code == 200


def test_the_org_admin_resets_a_lost_second_factor_logged_and_told(
    as_user, client, admin_a, supervisor_a
):
    sign_in(client, "a-supervisor")
    set_up(client, supervisor_a.user)
    admin = as_user(admin_a)
    admin_a.user.totpdevice_set.create(name="a", confirmed=True)  # the admin's own, verified:
    session = admin.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=admin_a.user).persistent_id
    session.save()
    response = admin.post(reverse("members:staff_second_factor_reset", args=[supervisor_a.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=supervisor_a.user).exists()
    assert not StaticDevice.objects.filter(user=supervisor_a.user).exists()
    assert client.get("/cases/").status_code == 302  # their session ended
    entry = AccessLog.objects.get(verb="account.second_factor_reset")
    assert (entry.actor, entry.target_id) == (admin_a.user, supervisor_a.user.pk)
    assert Notification.objects.filter(
        recipient=supervisor_a.user, kind="account_second_factor_reset"
    ).exists()


def test_nobody_resets_their_own_or_another_organisations(
    as_user, settings, admin_a, admin_b, supervisor_a
):
    from members.services.two_factor import reset_second_factor

    settings.REQUIRE_TWO_FACTOR = False
    supervisor_a.user.totpdevice_set.create(name="a", confirmed=True)
    assert (
        as_user(admin_b)
        .post(reverse("members:staff_second_factor_reset", args=[supervisor_a.pk]))
        .status_code
        == 404
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        reset_second_factor(staff=supervisor_a, by=supervisor_a.user)
    assert TOTPDevice.objects.filter(user=supervisor_a.user).exists()


def test_setting_up_an_authenticator_ends_the_persons_other_sessions(caseworker_a):
    elsewhere, here = Client(), Client()
    sign_in(elsewhere, "a-caseworker")
    assert elsewhere.get("/cases/").status_code == 200
    sign_in(here, "a-caseworker")
    set_up(here, caseworker_a.user)
    assert here.get("/cases/").status_code == 200
    assert elsewhere.get("/cases/").status_code == 302
