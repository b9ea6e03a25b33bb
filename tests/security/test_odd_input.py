"""Odd input into every form: no answer is a server error.

Each page a person can open (every URL, its ids filled with their own organisation's objects) is
read as a browser reads it, and every form on it is sent back once for each field it has, with
that field set to an odd value and the others as drawn: a NUL character, a number too large for
any column, a negative one, 20,000 characters, a date that does not exist, markup, Urdu digits.
A form met on several pages, or by several people, is swept once. A form refuses what it cannot
take with a message; nothing may answer 500 or raise.

The people: a member's caseworker, supervisor, referral desk and org admin; the member it referred
a case to (its referral desk and supervisor); the secretariat's admin and helpline desk.

Left out: signing in and out, the language switch, passwords, second factors and sessions (each
has tests of its own, and sending them odd values would sign the sweeping person out).
"""

import pytest
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404

from members.models import Organization
from members.roles import Role
from tests.factories import make_staff
from tests.forms_on_page import forms_on

from . import world
from .test_id_sweep import fill, kind_of, routes, value_for

ODD_VALUES = (
    "\x00",
    "9" * 20,
    "-1",
    "x" * 20_000,
    "2026-02-30",
    "<script>alert(1)</script>",
    "۱۲۳",
)
# The sweep in parts that run side by side: the pages of each namespace, the rest together.
PARTS = ("cases", "activities", "members", "referrals, reports and the rest")
NOT_SWEPT_NAMESPACES = frozenset({"admin", "otp_webauthn"})
NOT_SWEPT = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "password_change",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "two_factor_verify",
        "two_factor_setup",
        "two_factor_backup_codes",
        "two_factor_passkey_remove",
        "account_sessions",
        "account_sessions_end_others",
        "keep_signed_in",
    }
)
SWEPT_BY = {
    "Sahil": (Role.CASEWORKER, Role.SUPERVISOR, Role.REFERRAL_DESK, Role.ORG_ADMIN),
    "SSDO": (Role.SECRETARIAT_ADMIN, Role.HELPLINE_DESK),
    # The other end of a member's referral and proposed transfer: accepting and declining them.
    world.RECEIVER: (Role.REFERRAL_DESK, Role.SUPERVISOR),
}


def receiving_end(sender: world.Holdings) -> world.Holdings:
    """The organisation `sender` referred its case to and proposed to transfer it to, with a
    referral desk and a supervisor, holding what `sender` sent it."""
    receiver = Organization.objects.get(short_name=world.RECEIVER)
    staff = {
        role: make_staff(receiver, role, f"{world.RECEIVER.lower()}-{role}")
        for role in SWEPT_BY[world.RECEIVER]
    }
    sent = {kind: sender.ids[kind] for kind in ("case", "referral", "transfer")}
    return world.Holdings(receiver, staff, sent)


def every_route() -> list[tuple[str, str, str, list[str]]]:
    """(namespace, name, route, parameters) of every URL pattern swept."""
    return [r for r in routes() if r[0] not in NOT_SWEPT_NAMESPACES and r[1] not in NOT_SWEPT]


def pages_of(holdings: world.Holdings, part: str) -> list[str]:
    """The part's routes, with their ids those of `holdings`; routes taking an id it has none
    of are left out (the secretariat holds no case)."""
    pages = []
    for namespace, name, route, kwargs in every_route():
        if (namespace if namespace in PARTS else PARTS[-1]) != part:
            continue
        try:
            values = {
                kwarg: value_for(kind_of(namespace, name, kwarg), kwarg, holdings)
                for kwarg in kwargs
            }
        except KeyError:
            continue
        pages.append(fill(route, values))
    return pages


def view_name(action: str) -> str | None:
    """The view a form is sent to; None for one not swept."""
    try:
        match = resolve(action.split("?")[0])
    except Resolver404:
        return None
    if match.namespace in NOT_SWEPT_NAMESPACES or match.url_name in NOT_SWEPT:
        return None
    return match.view_name


@pytest.mark.parametrize("part", PARTS)
def test_no_odd_value_in_any_form_field_is_a_server_error(db, part):
    holdings = world.build()
    # LAS's referral and transfer, which Sahil's people cannot withdraw while it is swept.
    holdings[world.RECEIVER] = receiving_end(holdings["LAS"])
    failures, sent, swept = [], 0, set()
    for home, roles in SWEPT_BY.items():
        for role in roles:
            client = Client(raise_request_exception=False)
            client.force_login(holdings[home].staff[role].user)
            for page in pages_of(holdings[home], part):
                response = client.get(page)
                if response.status_code >= 500:
                    failures.append((role, "GET", page, response.status_code))
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for form in forms_on(response.content.decode()):
                    action = form.action or page
                    view = view_name(action)
                    if view is None or (view, tuple(form.editable)) in swept:
                        continue
                    swept.add((view, tuple(form.editable)))
                    send = client.post if form.method == "post" else client.get
                    for name in form.editable:
                        for odd in ODD_VALUES:
                            answer = send(action, form.data(name, odd))
                            sent += 1
                            if answer.status_code >= 500:
                                failures.append((role, action, name, odd[:20], answer.status_code))
    assert not failures, f"{len(failures)} of {sent} answers were server errors: {failures[:20]}"
    assert swept and sent > 100, (part, sent)
