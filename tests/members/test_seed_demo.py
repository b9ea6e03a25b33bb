import pytest
from django.core.management import CommandError, call_command

from cases.helpline.models import HelplineCall
from members.models import Staff
from referrals.models import Referral


def test_seed_demo_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = Staff.objects.count()
    call_command("seed_demo")
    assert Staff.objects.count() == first == 16 * 4 + 2 + 1  # and the secretariat's helpline desk
    assert Staff.objects.get(user__username="ssdo-helpline").role == "helpline_desk"
    # A year of the secretariat's helpline, made once: some calls opened cases, some of those
    # were referred for legal aid.
    calls = HelplineCall.objects.with_scopes_disabled()
    assert calls.count() == 300
    assert calls.filter(case__isnull=False).exists()
    referred = Referral.objects.with_scopes_disabled().filter(
        from_organization__short_name="SSDO", service__code="legal_aid"
    )
    assert referred.exists()
    staff = Staff.objects.get(user__username="sahil-caseworker")
    assert staff.role == "caseworker"
    assert staff.user.check_password(settings.DEMO_PASSWORD)
    assert Staff.objects.get(user__username="secretariat-analyst").organization.short_name == "SSDO"


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Staff.objects.exists()
