"""The account rules, walked through for every role against every role and every action.

A new role or a new action makes these tests fail until the tables below say what it gets.
Member roles live in one member organisation (M), secretariat roles in the secretariat (S); both
have an active org admin and supervisor. The actor and the target are different people.
"""

from itertools import product

import pytest

from members import accounts_policy as policy
from members.roles import SECRETARIAT_ROLES, Role

ABBREVIATIONS = {
    "cw": Role.CASEWORKER,
    "sup": Role.SUPERVISOR,
    "desk": Role.REFERRAL_DESK,
    "hd": Role.HELPLINE_DESK,
    "oa": Role.ORG_ADMIN,
    "an": Role.SECRETARIAT_ANALYST,
    "sa": Role.SECRETARIAT_ADMIN,
}
ACTION_LETTERS = {
    policy.EDIT_DETAILS: "E",
    policy.CHANGE_EMAIL: "M",
    policy.SEND_PASSWORD_LINK: "L",
    policy.DEACTIVATE: "D",
    policy.CHANGE_ROLE: "R",
    policy.REACTIVATE: "A",
}
MEMBER, SECRETARIAT = 1, 2

# What the actor (row) may do to an active account (column).
ON_ACTIVE = """
        cw     sup    desk   hd     oa     an     sa
cw      -      -      -      -      -      -      -
sup     -      -      -      -      -      -      -
desk    -      -      -      -      -      -      -
hd      -      -      -      -      -      -      -
oa      ELDR   ELDR   ELDR   ELDR   EMLDR  -      -
an      -      -      -      -      -      -      -
sa      -      -      -      -      ELD    EMLDR  EMLDR
"""
# ... to a switched-off account.
ON_SWITCHED_OFF = """
        cw     sup    desk   hd     oa     an     sa
cw      -      -      -      -      -      -      -
sup     -      -      -      -      -      -      -
desk    -      -      -      -      -      -      -
hd      -      -      -      -      -      -      -
oa      EA     EA     EA     EA     EMA    -      -
an      -      -      -      -      -      -      -
sa      -      -      -      -      E      EMA    EMA
"""
# How the actor (row) may create an account with the role (column): D at once, C once a
# supervisor confirms, - not at all.
CREATE = """
        cw  sup desk hd  oa  an  sa
cw      -   -   -    -   -   -   -
sup     -   -   -    -   -   -   -
desk    -   -   -    -   -   -   -
hd      -   -   -    -   -   -   -
oa      C   C   C    C   D   -   -
an      -   -   -    -   -   -   -
sa      -   -   -    -   -   D   D
"""
# How the actor may change an active account's role from (row) to (column).
ROLE_CHANGE = {
    "oa": """
        cw  sup desk hd  oa  an  sa
cw      .   C   C    C   D   -   -
sup     D   .   D    D   D   -   -
desk    C   C   .    C   D   -   -
hd      D   C   C    .   D   -   -
oa      C   C   C    C   .   -   -
an      -   -   -    -   -   .   -
sa      -   -   -    -   -   -   .
""",
    "sa": """
        cw  sup desk hd  oa  an  sa
cw      .   -   -    -   -   -   -
sup     -   .   -    -   -   -   -
desk    -   -   .    -   -   -   -
hd      -   -   -    .   -   -   -
oa      -   -   -    -   .   -   -
an      -   -   -    -   -   .   D
sa      -   -   -    -   -   D   .
""",
}
NO_ROLE_CHANGES = """
        cw  sup desk hd  oa  an  sa
cw      .   -   -    -   -   -   -
sup     -   .   -    -   -   -   -
desk    -   -   .    -   -   -   -
hd      -   -   -    .   -   -   -
oa      -   -   -    -   .   -   -
an      -   -   -    -   -   .   -
sa      -   -   -    -   -   -   .
"""
GRANTS = {"D": policy.Grant.DIRECT, "C": policy.Grant.CONFIRM, "-": None, ".": None}


def matrix(text: str) -> dict[tuple[str, str], str]:
    header, *rows = text.strip().splitlines()
    columns = header.split()
    cells = {}
    for row in rows:
        name, *values = row.split()
        assert len(values) == len(columns), row
        for column, value in zip(columns, values, strict=True):
            cells[(ABBREVIATIONS[name], ABBREVIATIONS[column])] = value
    return cells


def home(role: str) -> int:
    return SECRETARIAT if role in SECRETARIAT_ROLES else MEMBER


def place(organization_id: int) -> policy.Place:
    return policy.Place(
        organization_id=organization_id, is_secretariat=organization_id == SECRETARIAT
    )


def account(user_id: int, role: str, *, active: bool = True) -> policy.Account:
    return policy.Account(user_id=user_id, role=role, organization_id=home(role), active=active)


def test_the_tables_name_every_role_and_every_action():
    assert set(ABBREVIATIONS.values()) == set(Role)
    assert set(ACTION_LETTERS) == set(policy.TARGET_ACTIONS)
    every_pair = set(product(Role, Role))
    for table in (ON_ACTIVE, ON_SWITCHED_OFF, CREATE, NO_ROLE_CHANGES, *ROLE_CHANGE.values()):
        assert set(matrix(table)) == every_pair
    assert set(policy.READS) == set(Role)


@pytest.mark.parametrize("active, table", [(True, ON_ACTIVE), (False, ON_SWITCHED_OFF)])
def test_what_each_role_may_do_to_each_roles_account(active, table):
    for (actor_role, target_role), letters in matrix(table).items():
        actor = account(1, actor_role)
        target = account(2, target_role, active=active)
        actions = policy.account_actions(actor, target, place(home(target_role)))
        got = "".join(sorted(ACTION_LETTERS[a] for a in actions)) or "-"
        assert got == "".join(sorted(letters)), (actor_role, target_role, active)


def test_which_accounts_each_role_may_create():
    for (actor_role, new_role), cell in matrix(CREATE).items():
        actor = account(1, actor_role)
        assert policy.role_grant(actor, place(home(new_role)), new_role) is GRANTS[cell], (
            actor_role,
            new_role,
        )


def test_which_role_changes_each_role_may_make():
    for actor_role in Role:
        abbreviation = next(k for k, v in ABBREVIATIONS.items() if v == actor_role)
        table = ROLE_CHANGE.get(abbreviation, NO_ROLE_CHANGES)
        for (from_role, to_role), cell in matrix(table).items():
            actor = account(1, actor_role)
            target = account(2, from_role)
            grant = policy.role_grant(actor, place(home(from_role)), to_role, target)
            assert grant is GRANTS[cell], (actor_role, from_role, to_role)


@pytest.mark.parametrize("role", list(Role))
def test_nobody_changes_their_own_role_or_switches_themselves_off(role):
    me = account(1, role)
    actions = policy.account_actions(me, me, place(home(role)))
    assert not actions & {policy.CHANGE_ROLE, policy.DEACTIVATE}
    for other in Role:
        assert policy.role_grant(me, place(home(role)), other, me) is None


def test_a_pending_request_blocks_further_role_changes_and_reactivation():
    actor = account(1, Role.ORG_ADMIN)
    waiting = policy.Account(
        user_id=2, role=Role.CASEWORKER, organization_id=MEMBER, pending_request=True
    )
    assert policy.CHANGE_ROLE not in policy.account_actions(actor, waiting, place(MEMBER))
    switched_off = policy.Account(
        user_id=2, role=Role.CASEWORKER, organization_id=MEMBER, active=False, pending_request=True
    )
    assert policy.REACTIVATE not in policy.account_actions(actor, switched_off, place(MEMBER))


def test_the_secretariat_admin_gives_an_org_admin_only_where_there_is_none():
    actor = account(1, Role.SECRETARIAT_ADMIN)
    without_admin = policy.Place(organization_id=MEMBER, has_active_org_admin=False)
    assert policy.grantable_roles(actor, without_admin) == {Role.ORG_ADMIN: policy.Grant.DIRECT}
    departed = account(2, Role.ORG_ADMIN, active=False)
    assert policy.REACTIVATE in policy.account_actions(actor, departed, without_admin)
    assert policy.grantable_roles(actor, place(MEMBER)) == {}


def test_who_decides_a_request():
    target = account(3, Role.CASEWORKER)
    requester = 2

    def decides(actor, to_role=Role.SUPERVISOR, where=None):
        where = where or place(MEMBER)
        return policy.may_decide(
            actor, requested_by_id=requester, target=target, to_role=to_role, place=where
        )

    assert decides(account(1, Role.SUPERVISOR))
    assert not decides(policy.Account(user_id=1, role=Role.SUPERVISOR, organization_id=9))
    assert not decides(account(requester, Role.SUPERVISOR))
    assert not decides(account(3, Role.SUPERVISOR))
    assert not decides(account(1, Role.ORG_ADMIN))
    assert not decides(account(1, Role.SECRETARIAT_ADMIN))
    no_supervisor = policy.Place(organization_id=MEMBER, has_active_supervisor=False)
    assert decides(account(1, Role.SECRETARIAT_ADMIN), where=no_supervisor)
    assert not decides(account(1, Role.SECRETARIAT_ADMIN), Role.CASEWORKER, no_supervisor)
