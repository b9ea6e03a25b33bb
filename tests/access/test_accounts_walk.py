"""The account table (tests/members/test_account_policy_table.py ON_ACTIVE), walked through the
services and over HTTP: what each role may do to each role's account is what happens, and a
member's admin reaches no other member's accounts (404)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client

from coalition.models import AccessLog
from members import services
from members.models import Organization
from members.roles import SECRETARIAT_ROLES, Role
from tests.factories import make_staff
from tests.members.test_account_policy_table import ON_ACTIVE, matrix

# action letter -> (service call, page path, access-log verb of its success)
WALKED = {
    "D": (
        lambda staff, by: services.set_staff_active(staff=staff, by=by, active=False),
        "/members/staff/{pk}/active/",
        "staff.deactivated",
    ),
    "L": (
        lambda staff, by: services.send_password_link(staff=staff, by=by),
        "/members/staff/{pk}/password-link/",
        "staff.password_link_sent",
    ),
}


class _Rollback(Exception):
    pass


def in_savepoint(do) -> str:
    try:
        with transaction.atomic():
            do()
            raise _Rollback
    except _Rollback:
        return "allow"
    except PermissionDenied:
        return "deny"
    except ValidationError:
        return "refuse"


def people(actor_role: str, target_role: str, *, foreign: bool = False):
    def org(role):
        if role in SECRETARIAT_ROLES:
            return Organization.objects.get(short_name="SSDO")
        return Organization.objects.get(short_name="LAS" if foreign else "Sahil")

    for organization in {org(actor_role), org(target_role)}:
        for role in (Role.ORG_ADMIN, Role.SUPERVISOR):
            make_staff(organization, role, f"present-{organization.short_name}-{role}")
    actor = make_staff(
        org(actor_role) if not foreign else Organization.objects.get(short_name="Sahil"),
        actor_role,
        "actor",
    )
    target = make_staff(org(target_role), target_role, "target")
    return actor, target


def outcomes(actor, target, client) -> dict[tuple[str, str], str]:
    """(action letter, "service" or "http") -> what happened."""
    got = {}
    for letter, (call, path, verb) in WALKED.items():
        got[(letter, "service")] = in_savepoint(lambda c=call: c(target, actor.user))

        def over_http(p=path, v=verb):
            before = AccessLog.objects.filter(verb=v).count()
            response = client.post(p.format(pk=target.pk), {"active": "0"})
            if response.status_code in (403, 404):
                raise PermissionDenied
            if AccessLog.objects.filter(verb=v).count() == before:
                raise ValidationError("nothing done")

        got[(letter, "http")] = in_savepoint(over_http)
    return got


@pytest.mark.parametrize("actor_role", list(Role))
def test_services_and_pages_follow_the_account_table(db, actor_role):
    wrong = {}
    for target_role in Role:
        letters = matrix(ON_ACTIVE)[(actor_role, target_role)]
        with transaction.atomic():
            actor, target = people(actor_role, target_role)
            client = Client()
            client.force_login(actor.user)
            for (letter, way), got in outcomes(actor, target, client).items():
                want = "allow" if letter in letters else "deny"
                if got != want:
                    wrong[(target_role, letter, way)] = (got, want)
            transaction.set_rollback(True)
    assert not wrong, f"{actor_role}: got, expected = {wrong}"


@pytest.mark.parametrize("target_role", [Role.CASEWORKER, Role.SUPERVISOR, Role.ORG_ADMIN])
def test_a_members_admin_reaches_no_other_members_accounts(db, target_role):
    actor, target = people(Role.ORG_ADMIN, target_role, foreign=True)
    client = Client()
    client.force_login(actor.user)
    for call, path, _verb in WALKED.values():
        assert in_savepoint(lambda c=call: c(target, actor.user)) == "deny"
        assert client.post(path.format(pk=target.pk), {"active": "0"}).status_code == 404
