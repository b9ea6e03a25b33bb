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
    ("cases", "hearing_id"): "hearing",
    ("cases", "document_id"): "document",
    ("cases", "proceeding_id"): "proceeding",
    ("cases", "item_id"): "possible_duplicate",
    ("referrals", "case_id"): "case",
    ("referrals", "pk"): "referral",
    ("members", "org"): "organization",
    ("reports", "pk"): "stored_report",
    ("cases", "transfer_id"): "transfer",
    ("helpline", "pk"): "call",
    ("members", "code"): "service",
    ("activities", "follow_up_id"): "follow_up",
    # The calendar address is a secret, not an id: see FEED below.
    ("activities", "token"): "former_feed_token",
}
MEMBERS_PK_KIND = {
    "role_request_decide": "role_request",
    "offering_remove": "offering",
}
# The activities app's `pk` names an activity unless the view is about another kind of row.
ACTIVITIES_PK_KIND = {
    "stakeholder": "stakeholder",
    "stakeholder_edit": "stakeholder",
    "call_detail": "funding_call",
    "call_edit": "funding_call",
    "call_join": "funding_call",
    "call_manage": "funding_call",
    "call_file_add": "funding_call",
    "call_file": "funding_call",
}
ACTIVITIES_FILE_KIND = {"file": "activity_file", "call_file": "bid_file"}
# The cases app's `row_id` names a row of the full record, by view.
CASES_ROW_KIND = {
    "perpetrator": "perpetrator",
    "perpetrator_network": "perpetrator",
    "event": "event",
    "accused": "accused",
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
        # A directory entry is kept by "its own org admin, or a secretariat admin for any"
        # (members.accounts_policy.may_edit_directory_entry).
        "members:entry",
        # The services catalogue is the coalition's and the secretariat admin keeps it
        # (members.accounts_policy.may_manage_services); no member owns an entry.
        "members:service_edit",
        # "The organisation that added an entry, or the secretariat admin, edits it";
        # "the posting organisation, the lead member and the secretariat admin" manage a
        # funding call (coalition/activities/policy.py may_edit_stakeholder, may_manage_call).
        "activities:stakeholder_edit",
        "activities:call_edit",
        "activities:call_manage",
    }
)
SECRETARIAT_ROLES = frozenset({Role.SECRETARIAT_ANALYST, Role.SECRETARIAT_ADMIN})
# The coalition's own work that is not a member's private record (coalition/activities/
# policy.py): "Stakeholders are public institutions: every staff member reads the register";
# "Funding calls: every staff member reads them". Their pages read on GET and POST alike.
EVERY_STAFF_READS = frozenset({"activities:stakeholder", "activities:call_detail"})
# "Seeing an activity in full (participants, outcomes, files): its organisation, the members
# that co-organised it, and the secretariat (analyst and admin), who see all"; "bid documents
# are seen ... by the members bidding and the secretariat" (policy.visible_activities,
# may_see_bid_files). These pages read on GET and POST alike.
SECRETARIAT_READS = frozenset({"activities:detail", "activities:file", "activities:call_file"})
# Forms on an activity the secretariat sees: an empty POST shows the form again with what is
# missing (200), and the service refuses any write but the recording organisation's
# (policy.may_edit_activity); the fingerprint shows nothing was written.
SECRETARIAT_SEES_FORM = frozenset(
    {"activities:follow_up_add", "activities:commitment_add", "activities:file_add"}
)
# Actions on a funding call every staff member reads: a refused or invalid one goes back to
# the call's page with the reason (302 there, never elsewhere); the fingerprint shows nothing
# was written.
BACK_TO_THE_CALL = frozenset(
    {"activities:call_join", "activities:call_manage", "activities:call_file_add"}
)
# "Recorders ... put their own organisation forward" for any funding call: joining a bid is a
# write every recorder may make (tests/activities test it), so the sweep does not send it.
RECORDERS_JOIN_ANY_CALL = "activities:call_join"
RECORDING_ROLES = frozenset(
    {Role.CASEWORKER, Role.SUPERVISOR, Role.ORG_ADMIN, Role.SECRETARIAT_ADMIN}
)
# The iCalendar feed is read by calendar programs that cannot sign in: whoever holds an
# organisation's live address reads it (policy.may_manage_feed, CalendarFeed). The sweep fills
# it with the address the organisation replaced, which must answer 404 to anyone, signed in
# or not; test_a_calendar_address_opens_its_own_organisations_calendar_and_nothing_else
# checks a live one.
FEED = "activities:feed"
REFUSED = (403, 404, 405)


def routes() -> list[tuple[str, str, str, list[str]]]:
    """(namespace, name, route, parameters) of every URL pattern."""
    found = []

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, prefix + str(pattern.pattern), pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                found.append((namespace, pattern.name, route, list(pattern.pattern.converters)))

    walk(get_resolver(), "", "")
    return found


def id_patterns():
    """(namespace, name, route, parameters) for every URL pattern with a parameter."""
    # Django's own password-reset link is not an app URL; a URL whose parameters are all fixed
    # words (the report export's format) takes no id.
    return [p for p in routes() if p[0] and set(p[3]) - set(FIXED)]


def kind_of(namespace: str, name: str, kwarg: str) -> str | None:
    if kwarg in FIXED:
        return None
    if namespace == "members" and kwarg == "pk":
        return MEMBERS_PK_KIND.get(name, "staff")
    if namespace == "activities" and kwarg == "pk":
        return ACTIVITIES_PK_KIND.get(name, "activity")
    if namespace == "activities" and kwarg == "file_id":
        return ACTIVITIES_FILE_KIND[name]
    if namespace == "cases" and kwarg == "row_id":
        return CASES_ROW_KIND[name]
    return KIND_OF[(namespace, kwarg)]


def legitimate(role: str, view: str, method: str, path: str, response) -> bool:
    """The answers the coalition's rules give an actor about another organisation's object
    that are not a refusal (each set above cites its rule)."""
    status = response.status_code
    if view == FEED:
        return False
    if view in EVERY_STAFF_READS and status == 200:
        return True
    secretariat = role in SECRETARIAT_ROLES
    if secretariat and view in SECRETARIAT_READS and status == 200:
        return True
    if secretariat and view in SECRETARIAT_SEES_FORM and method == "post" and status == 200:
        return True
    call_page = "/".join(path.split("/")[:4]) + "/"
    return view in BACK_TO_THE_CALL and status == 302 and response["Location"] == call_page


def not_swept(role: str, view: str, method: str) -> bool:
    if role == Role.SECRETARIAT_ADMIN and view in SECRETARIAT_ADMIN_MAY:
        return True
    return view == RECORDERS_JOIN_ANY_CALL and method == "post" and role in RECORDING_ROLES


def fill(route: str, values: dict) -> str:
    path = route
    for kwarg, value in values.items():
        for converter in ("id", "str", "slug"):
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
        and not (ns in ("members", "activities") and kwarg == "pk")
        and not (ns == "activities" and kwarg == "file_id")
        and not (ns == "cases" and kwarg == "row_id" and name in CASES_ROW_KIND)
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
                values = {
                    kwarg: value_for(kind_of(namespace, name, kwarg), kwarg, holdings[foreign])
                    for kwarg in kwargs
                }
                path = fill(route, values)
                for method in ("get", "post"):
                    if not_swept(role, view, method):
                        continue
                    response = getattr(client, method)(path)
                    requests += 1
                    if view == FEED:
                        if response.status_code != (404 if method == "get" else 405):
                            leaks.append(
                                (staff.user.username, method.upper(), path, response.status_code)
                            )
                    elif response.status_code not in REFUSED and not legitimate(
                        role, view, method, path, response
                    ):
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
        if f"{namespace}:{name}" == FEED:
            # Calendar programs cannot sign in (FEED): a replaced address opens nothing.
            assert client.get(fill(route, values)).status_code == 404
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(fill(route, values))
            assert response.status_code == 302, (method, route)
            assert response["Location"].startswith("/accounts/login/"), (method, route)


def test_a_calendar_address_opens_its_own_organisations_calendar_and_nothing_else(db):
    """Whoever is signed in, an organisation's live address gives that organisation's calendar
    (its own activities, as the coalition calendar shows them) and no other's; the address it
    replaced gives 404."""
    from coalition.activities.models import CalendarFeed

    holdings = world.build()
    titles = {short: f"Synthetic walk {short}" for short in world.MEMBERS}
    readers = [Client()]
    for _home, _role, staff in actors(holdings):
        client = Client()
        client.force_login(staff.user)
        readers.append(client)
    for short in world.MEMBERS:
        live = CalendarFeed.objects.get(organization=holdings[short].organization).token
        former = holdings[short].ids["former_feed_token"]
        for client in readers:
            body = client.get(f"/activities/calendar/{live}.ics").content.decode()
            assert titles[short] in body
            assert not [t for other, t in titles.items() if other != short and t in body]
            assert client.get(f"/activities/calendar/{former}.ics").status_code == 404


def test_the_secretariat_helplines_calls_are_refused_to_every_member_role_and_other_roles(db):
    """The coalition's helpline is the secretariat's desk; its call log is read by that desk
    alone (HelplineCall.objects.visible_to: the caller's own organisation, and only a role
    that logs calls or reads all its cases), not by a member's desk nor the secretariat's
    analyst or admin."""
    holdings = world.build()
    call = holdings["SSDO"].ids["call"]
    helpline = [p for p in id_patterns() if p[0] == "helpline"]
    assert {name for _ns, name, _route, _kwargs in helpline} >= {"detail", "open_case"}
    before = world.fingerprint()
    leaks = []
    for _home, role, staff in actors(holdings):
        if staff.organization.short_name == "SSDO" and role == Role.HELPLINE_DESK:
            continue
        client = Client()
        client.force_login(staff.user)
        for _ns, _name, route, _kwargs in helpline:
            for method in ("get", "post"):
                status = getattr(client, method)(fill(route, {"pk": call})).status_code
                if status not in REFUSED:
                    leaks.append((staff.user.username, method, route, status))
    desk = Client()
    desk.force_login(holdings["SSDO"].staff[Role.HELPLINE_DESK].user)
    assert desk.get(f"/helpline/{call}/").status_code == 200
    assert world.fingerprint() == before
    assert not leaks, leaks


def test_an_id_no_database_column_holds_is_not_found_on_every_url(db):
    """Ids of 19 digits and more (beyond PostgreSQL's bigint) are refused by the URL, as any
    id no row has, before a query or the access log's integer columns see them: each reached
    the database, which refused it with a 500."""
    holdings = world.build()
    client = Client()
    client.force_login(holdings[world.MEMBERS[0]].staff[Role.SUPERVISOR].user)
    before = world.fingerprint()
    answers = {}
    for _namespace, _name, route, kwargs in id_patterns():
        if not all(f"<id:{kwarg}>" in route for kwarg in kwargs if kwarg not in FIXED):
            continue  # a name in the URL (an organisation's, a service's), not an id
        for huge in ("9" * 19, "9" * 30):
            # Every id of the URL too large; its other parameters valid words.
            path = fill(route, {kwarg: FIXED.get(kwarg, huge) for kwarg in kwargs})
            for method in ("get", "post"):
                answers[(method, path)] = getattr(client, method)(path).status_code
    not_found = {request for request, status in answers.items() if status == 404}
    assert len(answers) > 250
    assert set(answers) - not_found == set(), {r: answers[r] for r in set(answers) - not_found}
    assert world.fingerprint() == before
