"""Accounts made by trusted developer tools, not by anyone using the app.

`manage.py seed_demo` and the test factories need accounts with a known password. Nothing a
page reaches imports this module (tests/members/test_account_rules.py checks it): accounts that
people make go through members.services, which asks members.accounts_policy and never sets
another person's password.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from coalition.audit import log_action
from coalition.models import AccessLog

from .models import Organization, Staff, Team
from .services import grant_role

User = get_user_model()


@transaction.atomic
def provision_staff(
    *,
    organization: Organization,
    username: str,
    role: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    language: str = Staff.Language.ENGLISH,
    team: Team | None = None,
    phone: str = "",
) -> Staff:
    """An active account with `role`'s permissions and `password` (unusable when None)."""
    if not organization.is_coalition_member:
        raise ValueError("A partner that is not a coalition member holds no accounts.")
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    staff = Staff(
        user=user, organization=organization, role=role, team=team, language=language, phone=phone
    )
    staff.full_clean()
    staff.save()
    grant_role(user=user, organization=organization, role=role)
    log_action(None, AccessLog.Action.CREATE, staff, verb="staff.provisioned", role=role)
    return staff
