"""Roles, and the permissions on their organisation that each role holds.

A role is a set of django-guardian object permissions on the staff member's Organization; the
visibility rules in the scoped querysets join against those rows, so this table is the one place
that says what a role may do.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    REFERRAL_DESK = "referral_desk", _("Referral desk")
    HELPLINE_DESK = "helpline_desk", _("Helpline desk")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    SECRETARIAT_ANALYST = "secretariat_analyst", _("Secretariat analyst")
    SECRETARIAT_ADMIN = "secretariat_admin", _("Secretariat admin")


# Permission codenames, declared on members.Organization.
VIEW_OWN_CASES = "view_own_cases"
VIEW_ALL_CASES = "view_all_cases"
OPEN_CASE = "open_case"
ASSIGN_CASES = "assign_cases"
APPROVE_CLOSURE = "approve_closure"
HANDLE_REFERRALS = "handle_referrals"
MANAGE_STAFF = "manage_staff"
MANAGE_SERVICES = "manage_services"
VIEW_ACCESS_LOG = "view_access_log"
VIEW_ORG_REPORTS = "view_org_reports"
VIEW_COALITION_REPORTS = "view_coalition_reports"
MANAGE_ORGANIZATIONS = "manage_organizations"
VIEW_ALL_ACCESS_LOG = "view_all_access_log"
LOG_CALLS = "log_calls"

PERMISSIONS = [
    (VIEW_OWN_CASES, _("See the cases assigned to them and their team")),
    (VIEW_ALL_CASES, _("See all of the organisation's cases")),
    (OPEN_CASE, _("Log intakes and work cases")),
    (ASSIGN_CASES, _("Assign and reassign caseworkers")),
    (APPROVE_CLOSURE, _("Approve case closure and reopen cases")),
    (HANDLE_REFERRALS, _("Accept and decline incoming referrals")),
    (MANAGE_STAFF, _("Manage the organisation's staff accounts")),
    (MANAGE_SERVICES, _("Manage the services the organisation offers")),
    (VIEW_ACCESS_LOG, _("See the organisation's access log")),
    (VIEW_ORG_REPORTS, _("See the organisation's reports")),
    (VIEW_COALITION_REPORTS, _("See coalition-wide aggregate reports")),
    (MANAGE_ORGANIZATIONS, _("Add and edit member organisations")),
    (VIEW_ALL_ACCESS_LOG, _("See the whole coalition's access log")),
    (LOG_CALLS, _("Log helpline calls and see the organisation's call log")),
]

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CASEWORKER: frozenset({VIEW_OWN_CASES, OPEN_CASE}),
    Role.SUPERVISOR: frozenset(
        {
            VIEW_OWN_CASES,
            VIEW_ALL_CASES,
            OPEN_CASE,
            ASSIGN_CASES,
            APPROVE_CLOSURE,
            HANDLE_REFERRALS,
            VIEW_ORG_REPORTS,
        }
    ),
    Role.REFERRAL_DESK: frozenset({HANDLE_REFERRALS}),
    # A call may open a case, which the desk then follows (and refers onward) as its caseworker.
    Role.HELPLINE_DESK: frozenset({LOG_CALLS, OPEN_CASE, VIEW_OWN_CASES}),
    Role.ORG_ADMIN: frozenset({MANAGE_STAFF, MANAGE_SERVICES, VIEW_ACCESS_LOG, VIEW_ORG_REPORTS}),
    Role.SECRETARIAT_ANALYST: frozenset({VIEW_COALITION_REPORTS}),
    Role.SECRETARIAT_ADMIN: frozenset(
        {
            VIEW_COALITION_REPORTS,
            MANAGE_ORGANIZATIONS,
            VIEW_ALL_ACCESS_LOG,
            VIEW_ACCESS_LOG,
            MANAGE_STAFF,
            MANAGE_SERVICES,
        }
    ),
}

SECRETARIAT_ROLES = frozenset({Role.SECRETARIAT_ANALYST, Role.SECRETARIAT_ADMIN})
