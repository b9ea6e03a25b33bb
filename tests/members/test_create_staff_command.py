"""`manage.py create_staff`: the first secretariat admin of a new install, from the server."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from members.models import Staff
from members.roles import Role


def create(*args: str) -> str:
    out = StringIO()
    call_command("create_staff", *args, stdout=out)
    return out.getvalue()


@override_settings(SITE_URL="https://cases.example.org")
def test_the_first_admin_is_made_with_a_link_to_choose_a_password(secretariat):
    out = create(
        "ayesha", "--organization", "ssdo", "--role", "secretariat_admin", "--email", "a@x.pk"
    )
    staff = Staff.objects.select_related("user").get(user__username="ayesha")
    assert (staff.organization, staff.role) == (secretariat, Role.SECRETARIAT_ADMIN)
    assert not staff.user.has_usable_password()
    link = out.strip().splitlines()[-1]
    assert link.startswith("https://cases.example.org/accounts/reset/")
    path = link.removeprefix("https://cases.example.org")
    page = Client().get(path, follow=True)
    assert page.status_code == 200 and b'name="new_password1"' in page.content


def test_it_refuses_what_the_app_would_refuse(secretariat, org_a):
    with pytest.raises(CommandError, match=r"Known: .*SSDO"):
        create("x", "--organization", "Nowhere", "--role", "caseworker")
    with pytest.raises(CommandError, match="secretariat only"):
        create("x", "--organization", "Sahil", "--role", "secretariat_admin")
    create("taken", "--organization", "Sahil", "--role", "org_admin")
    with pytest.raises(CommandError, match="username already exists"):
        create("taken", "--organization", "SSDO", "--role", "secretariat_admin")
    assert Staff.objects.filter(user__username="taken").count() == 1
