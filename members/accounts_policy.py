"""The account rules: who may create, change, switch off and send a password link to whom.

This module is the one place that answers; the services in members.services ask it before every
write, and the staff pages ask it what buttons and role choices to show. It reads nothing from
the database: callers describe the people and the organisation with `Account` and `Place`.

The rules:

- Each role reads a set of things (READS). Nobody grants a role that reads anything they do not
  read themselves. An org admin reads no case, so a role that reads cases, asked for by an org
  admin, waits until a supervisor of that organisation (who reads every case there) confirms it.
  A change that adds nothing the account did not read before (a supervisor made a caseworker)
  applies at once.
- Secretariat roles exist only in the secretariat, and only a secretariat admin grants them.
  Two secretariat admins are equals: one may make another (the change is logged and the new
  admin is told).
- Towards an organisation's accounts, the secretariat admin does one thing: make sure it has an
  org admin. It invites an org admin where the organisation has no active one (a new member's
  first, or the replacement of one who left), sends org admins a password link and switches off
  an org admin who left. It never creates, changes or confirms an account that reads cases,
  with one exception: in an organisation with no active supervisor, the org admin's request for
  a supervisor would wait for ever, so a secretariat admin may confirm that one request.
- A partner that is not a member (police, an FIA circle, a court, a government department, a
  shelter, an international organisation) is in the directory for referrals out and liaison
  only: no account is ever created in it, so nobody there reads a case.
- Nobody changes their own role, switches off their own account or confirms their own request.
- While a change waits for confirmation, the account keeps its role and status.
- Nobody sets another person's password: a new account and a reset both get a one-time link
  sent to the account's own email, and the email of an account that reads more than the actor
  cannot be changed by the actor (or they could send its link to themselves).
- A second factor (an authenticator app, with backup codes) is required of the roles that read
  a whole organisation's cases, manage accounts or read the coalition's figures, and offered to
  everyone. A person who lost theirs is helped by an admin who oversees their account (their
  organisation's org admin; the secretariat admin for org admins and the secretariat): the
  reset removes every second factor, ends their sessions, is logged and is told to the owner.
  Nobody resets their own: that would let a stolen password remove the second factor.
"""

from dataclasses import dataclass
from enum import Enum

from .roles import (
    HANDLE_REFERRALS,
    LOG_CALLS,
    MANAGE_ORGANIZATIONS,
    MANAGE_SERVICES,
    MANAGE_STAFF,
    ROLE_PERMISSIONS,
    SECRETARIAT_ROLES,
    VIEW_ACCESS_LOG,
    VIEW_ALL_ACCESS_LOG,
    VIEW_ALL_CASES,
    VIEW_COALITION_REPORTS,
    VIEW_ORG_REPORTS,
    VIEW_OWN_CASES,
    Role,
)

# What each role reads. Case reads are the survivor files; the rest are aggregates and logs.
OWN_CASES = "own_cases"
ORGANIZATION_CASES = "organization_cases"
REFERRED_CASES = "referred_cases"
ORGANIZATION_REPORTS = "organization_reports"
ORGANIZATION_ACCESS_LOG = "organization_access_log"
STAFF_ACCOUNTS = "staff_accounts"
COALITION_REPORTS = "coalition_reports"
COALITION_ACCESS_LOG = "coalition_access_log"
# The organisation's helpline call log: no names, but each row is a person in distress.
ORGANIZATION_CALLS = "organization_calls"

CASE_READS = frozenset({OWN_CASES, ORGANIZATION_CASES, REFERRED_CASES, ORGANIZATION_CALLS})

# The permission (members/roles.py) that lets a role read each thing: what a role reads follows
# from the permissions it holds, so that the two cannot disagree.
READ_BY_PERMISSION: dict[str, frozenset[str]] = {
    VIEW_OWN_CASES: frozenset({OWN_CASES}),
    # Whoever sees all of the organisation's cases sees its helpline calls too.
    VIEW_ALL_CASES: frozenset({ORGANIZATION_CASES, ORGANIZATION_CALLS}),
    HANDLE_REFERRALS: frozenset({REFERRED_CASES}),
    LOG_CALLS: frozenset({ORGANIZATION_CALLS}),
    VIEW_ORG_REPORTS: frozenset({ORGANIZATION_REPORTS}),
    VIEW_ACCESS_LOG: frozenset({ORGANIZATION_ACCESS_LOG}),
    MANAGE_STAFF: frozenset({STAFF_ACCOUNTS}),
    VIEW_COALITION_REPORTS: frozenset({COALITION_REPORTS}),
    VIEW_ALL_ACCESS_LOG: frozenset({COALITION_ACCESS_LOG}),
}
READS: dict[str, frozenset[str]] = {
    role: frozenset().union(*(READ_BY_PERMISSION.get(p, frozenset()) for p in permissions))
    for role, permissions in ROLE_PERMISSIONS.items()
}

# The roles whose holders read survivor files.
CASE_READING_ROLES = frozenset(role for role, reads in READS.items() if reads & CASE_READS)

# Who confirms a request that grants case access: a supervisor of that organisation.
CONFIRMING_ROLE = Role.SUPERVISOR

# Actions on an account that exists.
EDIT_DETAILS = "edit_details"  # name, phone, team, language
CHANGE_EMAIL = "change_email"
CHANGE_ROLE = "change_role"
DEACTIVATE = "deactivate"
REACTIVATE = "reactivate"
SEND_PASSWORD_LINK = "send_password_link"  # noqa: S105 (an action name)
# The action on an organisation: create an account in it.
CREATE = "create"

TARGET_ACTIONS = (
    EDIT_DETAILS,
    CHANGE_EMAIL,
    CHANGE_ROLE,
    DEACTIVATE,
    REACTIVATE,
    SEND_PASSWORD_LINK,
)


class Grant(Enum):
    """How a role is given: at once, or once a supervisor of the organisation confirms it."""

    DIRECT = "direct"
    CONFIRM = "confirm"


@dataclass(frozen=True)
class Account:
    """A staff account as the rules see it."""

    user_id: int
    role: str
    organization_id: int
    active: bool = True
    organization_active: bool = True
    pending_request: bool = False


@dataclass(frozen=True)
class Place:
    """The organisation an account is in or is being created in."""

    organization_id: int
    is_secretariat: bool = False
    has_active_org_admin: bool = True
    has_active_supervisor: bool = True
    # False for a partner that is not a member of the coalition: it holds no accounts.
    holds_accounts: bool = True


def _manages_staff(actor: Account) -> bool:
    return (
        actor.active and actor.organization_active and MANAGE_STAFF in ROLE_PERMISSIONS[actor.role]
    )


def oversees(actor: Account, target: Account) -> bool:
    """Whether the actor manages the target's account at all (sees it in their staff list)."""
    if not _manages_staff(actor):
        return False
    if actor.role == Role.SECRETARIAT_ADMIN:
        if target.role == Role.ORG_ADMIN:
            return True
        return target.role in SECRETARIAT_ROLES and target.organization_id == actor.organization_id
    return target.organization_id == actor.organization_id and target.role not in SECRETARIAT_ROLES


def role_grant(
    actor: Account, place: Place, role: str, target: Account | None = None
) -> Grant | None:
    """How `actor` may give `role` to `target` (None: a new account) in `place`, or None."""
    if not _manages_staff(actor) or role not in READS or not place.holds_accounts:
        return None
    if target is not None and (
        target.user_id == actor.user_id
        or target.pending_request
        or not oversees(actor, target)
        or (target.active and target.role == role)  # nothing to give
    ):
        return None
    if role in SECRETARIAT_ROLES:
        if (
            actor.role == Role.SECRETARIAT_ADMIN
            and place.is_secretariat
            and place.organization_id == actor.organization_id
        ):
            return Grant.DIRECT
        return None
    if actor.role == Role.SECRETARIAT_ADMIN:
        # The secretariat gives an organisation an org admin when it has none, nothing else.
        # A new org admin, or one who left switched on again (reactivation asks for their role).
        new_or_returning = target is None or (not target.active and target.role == role)
        if role == Role.ORG_ADMIN and not place.has_active_org_admin and new_or_returning:
            return Grant.DIRECT
        return None
    if place.organization_id != actor.organization_id:
        return None
    already_reads = READS[target.role] if target is not None and target.active else frozenset()
    new_reads = READS[role] - already_reads
    if new_reads <= READS[actor.role]:
        return Grant.DIRECT
    if new_reads - READS[actor.role] <= CASE_READS and READS[role] <= READS[CONFIRMING_ROLE]:
        return Grant.CONFIRM
    return None


def grantable_roles(actor: Account, place: Place, target: Account | None = None) -> dict:
    """Role -> Grant for every role the actor may give in `place` (to `target`, if given)."""
    grants = {}
    for role in Role:
        if target is not None and role == target.role:
            continue
        grant = role_grant(actor, place, role, target)
        if grant is not None:
            grants[role.value] = grant
    return grants


def account_actions(actor: Account, target: Account | None, place: Place) -> frozenset[str]:
    """What the actor may do to `target`'s account, or in `place` when `target` is None."""
    if target is None:
        return frozenset({CREATE}) if grantable_roles(actor, place) else frozenset()
    if not oversees(actor, target):
        return frozenset()
    itself = target.user_id == actor.user_id
    actions = {EDIT_DETAILS}
    if itself or READS[target.role] <= READS[actor.role]:
        actions.add(CHANGE_EMAIL)
    if target.active:
        actions.add(SEND_PASSWORD_LINK)
        if not itself:
            actions.add(DEACTIVATE)
        if not itself and grantable_roles(actor, place, target):
            actions.add(CHANGE_ROLE)
    elif role_grant(actor, place, target.role, target) is not None:
        actions.add(REACTIVATE)
    return frozenset(actions)


def may_decide(
    actor: Account, *, requested_by_id: int, target: Account, to_role: str, place: Place
) -> bool:
    """Whether the actor may confirm or refuse a pending request giving `to_role` to `target`."""
    if not (actor.active and actor.organization_active):
        return False
    if actor.user_id in (requested_by_id, target.user_id):
        return False
    if actor.role == CONFIRMING_ROLE and actor.organization_id == place.organization_id:
        return READS[to_role] <= READS[actor.role]
    return (
        actor.role == Role.SECRETARIAT_ADMIN
        and to_role == CONFIRMING_ROLE
        and not place.has_active_supervisor
    )


def may_manage_organizations(actor: Account) -> bool:
    """Add and edit organisations (and so invite a new member's first org admin)."""
    return (
        actor.active
        and actor.organization_active
        and MANAGE_ORGANIZATIONS in ROLE_PERMISSIONS[actor.role]
    )


def may_manage_teams(actor: Account, place: Place) -> bool:
    """Teams decide which cases a caseworker sees: only the organisation's own org admin."""
    return (
        _manages_staff(actor)
        and actor.role == Role.ORG_ADMIN
        and (place.organization_id == actor.organization_id)
    )


def may_edit_directory_entry(actor: Account, place: Place) -> bool:
    """An organisation's directory entry (contacts, specialties, languages, districts, capacity):
    its own org admin, or a secretariat admin for any. Its name, short name, kind and whether it
    is active are the secretariat's alone (may_manage_organizations)."""
    return may_manage_services(actor, place)


def may_manage_services(actor: Account, place: Place) -> bool:
    """The directory: an org admin for their organisation, a secretariat admin for any."""
    if not (actor.active and actor.organization_active):
        return False
    if MANAGE_SERVICES not in ROLE_PERMISSIONS[actor.role]:
        return False
    return actor.role == Role.SECRETARIAT_ADMIN or place.organization_id == actor.organization_id


# The roles that must sign in with a second factor (when REQUIRE_TWO_FACTOR is on).
SECOND_FACTOR_ROLES = frozenset(
    {Role.ORG_ADMIN, Role.SUPERVISOR, Role.SECRETARIAT_ANALYST, Role.SECRETARIAT_ADMIN}
)


def second_factor_required(role: str) -> bool:
    return role in SECOND_FACTOR_ROLES


def may_reset_second_factor(actor: Account, target: Account) -> bool:
    """Remove the target's second factor so that they can set up a new one."""
    return (
        actor.user_id != target.user_id
        and actor.role in (Role.ORG_ADMIN, Role.SECRETARIAT_ADMIN)
        and oversees(actor, target)
    )
