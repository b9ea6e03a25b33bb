import pytest
from django.core.management import CommandError, call_command

from members.models import Staff


def test_seed_demo_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = Staff.objects.count()
    call_command("seed_demo")
    assert Staff.objects.count() == first == 16 * 4 + 2 + 1  # and the secretariat's helpline desk
    assert Staff.objects.get(user__username="ssdo-helpline").role == "helpline_desk"
    staff = Staff.objects.get(user__username="sahil-caseworker")
    assert staff.role == "caseworker"
    assert staff.user.check_password(settings.DEMO_PASSWORD)
    assert Staff.objects.get(user__username="secretariat-analyst").organization.short_name == "SSDO"


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Staff.objects.exists()
