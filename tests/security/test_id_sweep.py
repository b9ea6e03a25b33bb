"""The HTTP probe: every role of three organisations (and the secretariat) sweeps every URL that
takes an id, GET and POST, with the ids of other organisations' objects. None may answer with a
page (200) or write anything: the access layer answers 404 (or 403 for a page the role never
has, or the sign-in page for nobody signed in).

The URLs come from the resolver, so a new URL that takes an id is swept the day it is added; a
URL whose id this probe cannot fill fails the test until KIND_OF says what it is.
"""

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from members.roles import Role

from . import world

# What each URL's id names: (namespace, kwarg) -> kind of object in world.Holdings.ids.
KIND_OF = {
    ("cases", "pk"): "case",
    ("cases", "document_id"): "document",
    ("cases", "proceeding_id"): "proceeding",
    ("cases", "item_id"): "possible_duplicate",
    ("referrals", "case_id"): "case",
    ("referrals", "pk"): "referral",
    ("members", "org"): "organization",
    ("reports", "pk"): "stored_report",
}
MEMBERS_PK_KIND = {
    "role_request_decide": "role_request",
    "offering_remove": "offering",
}
# Strings in a URL that are not ids: any valid value.
FIXED = {"fmt": "csv", "key": "csv"}
# What the coalition's rules let the secretariat admin do to any member organisation (it adds
# and edits members, gives each an org admin, keeps the directory and reads the coalition's
# possible duplicates): members.accounts_policy.may_manage_organizations, oversees and
# may_manage_services, cases.duplicates.may_manage_possible_duplicates. No case or referral.
SECRETARIAT_ADMIN_MAY = frozenset(
    {
        "members:organization_edit",
        "members:staff",
        "members:staff_new",
        "members:team_new",
        "members:offerings",
        "members:offering_remove",
        "cases:resolve_possible_duplicate",
    }
)
REFUSED = (403, 404, 405)


def id_patterns():
    """(view name, route, kwargs) for every URL pattern with a parameter."""
    found = []

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, prefix + str(pattern.pattern), pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.pattern.converters:
                route = prefix + str(pattern.pattern)
                found.append((namespace, pattern.name, route, list(pattern.pattern.converters)))

    walk(get_resolver(), "", "")
    # Django's own password-reset link is not an app URL; a URL whose parameters are all fixed
    # words (the report export's format) takes no id.
    return [p for p in found if p[0] and set(p[3]) - set(FIXED)]


def kind_of(namespace: str, name: str, kwarg: str) -> str | None:
    if kwarg in FIXED:
        return None
    if namespace == "members" and kwarg == "pk":
        return MEMBERS_PK_KIND.get(name, "staff")
    return KIND_OF[(namespace, kwarg)]


def fill(route: str, values: dict) -> str:
    path = route
    for kwarg, value in values.items():
        for converter in ("int", "str", "slug"):
            path = path.replace(f"<{converter}:{kwarg}>", str(value))
    return "/" + path


def value_for(kind: str | None, kwarg: str, holdings: world.Holdings):
    if kind is None:
        return FIXED[kwarg]
    if kind == "organization":
        return holdings.organization.short_name
    return holdings.ids[kind]


def foreign_to(home: str) -> list[str]:
    """The other two members for the secretariat; for a member, the next one round (the
    nested-id test covers both others)."""
    if home not in world.MEMBERS:
        return list(world.MEMBERS[:2])
    return [world.MEMBERS[(world.MEMBERS.index(home) + 1) % len(world.MEMBERS)]]


def actors(holdings):
    for short, held in holdings.items():
        for role, staff in held.staff.items():
            yield short, role, staff


def test_every_url_with_an_id_refuses_other_organisations_objects(db):
    holdings = world.build()
    patterns = id_patterns()
    unknown = [
        (ns, name, kwarg)
        for ns, name, _route, kwargs in patterns
        for kwarg in kwargs
        if kwarg not in FIXED
        and not (ns == "members" and kwarg == "pk")
        and (ns, kwarg) not in KIND_OF
    ]
    assert not unknown, f"Tell KIND_OF what these ids are: {unknown}"
    before = world.fingerprint()
    leaks, requests = [], 0
    for home, role, staff in actors(holdings):
        client = Client()
        client.force_login(staff.user)
        for foreign in foreign_to(home):
            for namespace, name, route, kwargs in patterns:
                view = f"{namespace}:{name}"
                if role == Role.SECRETARIAT_ADMIN and view in SECRETARIAT_ADMIN_MAY:
                    continue
                values = {
                    kwarg: value_for(kind_of(namespace, name, kwarg), kwarg, holdings[foreign])
                    for kwarg in kwargs
                }
                path = fill(route, values)
                for method in ("get", "post"):
                    response = getattr(client, method)(path)
                    requests += 1
                    if response.status_code not in REFUSED:
                        leaks.append(
                            (staff.user.username, method.upper(), path, response.status_code)
                        )
    assert world.fingerprint() == before, "a refused request wrote something"
    assert not leaks, f"{len(leaks)} of {requests} requests were not refused: {leaks[:20]}"
    assert requests > 500


def test_nested_ids_of_another_organisation_are_refused_under_a_case_one_may_open(db):
    """A document or proceeding id of another organisation, under a case the person may open."""
    holdings = world.build()
    before = world.fingerprint()
    leaks = []
    for home in world.MEMBERS:
        own = holdings[home].ids
        for role in (Role.CASEWORKER, Role.SUPERVISOR):
            client = Client()
            client.force_login(holdings[home].staff[role].user)
            for foreign in (short for short in world.MEMBERS if short != home):
                other = holdings[foreign].ids
                for path in (
                    f"/cases/{own['case']}/documents/{other['document']}/",
                    f"/cases/{own['case']}/legal/{other['proceeding']}/",
                ):
                    for method in ("get", "post"):
                        status = getattr(client, method)(path).status_code
                        if status != 404:
                            leaks.append((role, method, path, status))
            assert client.get(f"/cases/{own['case']}/").status_code == 200
    assert world.fingerprint() == before
    assert not leaks, leaks


def test_nobody_signed_in_is_sent_to_sign_in_from_every_url_with_an_id(db):
    holdings = world.build()
    client = Client()
    for namespace, name, route, kwargs in id_patterns():
        values = {
            kwarg: value_for(kind_of(namespace, name, kwarg), kwarg, holdings["LAS"])
            for kwarg in kwargs
        }
        for method in ("get", "post"):
            response = getattr(client, method)(fill(route, values))
            assert response.status_code == 302, (method, route)
            assert response["Location"].startswith("/accounts/login/"), (method, route)
