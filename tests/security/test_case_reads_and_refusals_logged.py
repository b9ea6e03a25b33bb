"""Reads of a case file, searches and every refused request on a case or referral are logged."""

import pytest
from django.test import Client

from coalition.models import AccessLog
from tests.cases.conftest import case_a, case_b  # noqa: F401 - fixtures

CNIC = "35202-1234567-1"


def test_opening_the_full_case_file_is_logged(as_user, caseworker_a, case_a):  # noqa: F811
    as_user(caseworker_a).get(f"/cases/{case_a.pk}/edit/")
    entry = AccessLog.objects.get(verb="case.viewed.file")
    assert (entry.actor, entry.case_id) == (caseworker_a.user, case_a.pk)


def test_the_services_and_legal_pages_are_logged(as_user, caseworker_a, case_a):  # noqa: F811
    client = as_user(caseworker_a)
    client.get(f"/cases/{case_a.pk}/services/")
    client.get(f"/cases/{case_a.pk}/legal/")
    verbs = set(AccessLog.objects.filter(case_id=case_a.pk).values_list("verb", flat=True))
    assert {"case.viewed.services", "case.viewed.legal"} <= verbs


def test_a_cnic_search_is_logged_by_kind_without_the_number(
    as_user,
    supervisor_a,
    case_a,  # noqa: F811
):
    as_user(supervisor_a).get("/cases/", {"q": CNIC})
    entry = AccessLog.objects.get(verb="case.list_searched")
    assert entry.details["kind"] == "cnic"
    assert entry.details["filters"] == ["q"]
    assert "1234567" not in str(entry.details)
    as_user(supervisor_a).get("/cases/", {"q": "35202 1234567 1"})
    second = AccessLog.objects.filter(verb="case.list_searched").order_by("-id").first()
    assert second.details["searched_hash"] == entry.details["searched_hash"]


def test_a_phone_and_a_name_search_are_told_apart(as_user, supervisor_a, db):
    client = as_user(supervisor_a)
    client.get("/cases/", {"q": "0300 1234567"})
    client.get("/cases/", {"q": "Ayesha"})
    kinds = list(
        AccessLog.objects.filter(verb="case.list_searched")
        .order_by("id")
        .values_list("details__kind", flat=True)
    )
    assert kinds == ["phone", "name_or_number"]
    assert "Ayesha" not in str(list(AccessLog.objects.values_list("details", flat=True)))


def test_a_page_of_the_list_without_a_search_is_not_a_search(as_user, supervisor_a, db):
    as_user(supervisor_a).get("/cases/", {"page": "2"})
    assert not AccessLog.objects.filter(verb="case.list_searched").exists()


def test_every_refused_request_on_a_foreign_case_is_logged(
    as_user,
    caseworker_b,
    case_a,  # noqa: F811
):
    client = as_user(caseworker_b)
    assert client.get(f"/cases/{case_a.pk}/").status_code == 404
    assert client.post(f"/cases/{case_a.pk}/notes/", {"text": "x"}).status_code == 404
    assert client.get(f"/referrals/new/{case_a.pk}/").status_code == 404
    denied = AccessLog.objects.filter(action=AccessLog.Action.DENIED).order_by("id")
    assert [(e.details["page"], e.details["method"], e.case_id) for e in denied] == [
        ("cases:detail", "GET", case_a.pk),
        ("cases:notes", "POST", case_a.pk),
        ("referrals:new", "GET", case_a.pk),
    ]
    assert all(e.actor == caseworker_b.user for e in denied)


def test_a_refused_referral_is_logged(as_user, caseworker_b, db):
    assert as_user(caseworker_b).get("/referrals/987654/").status_code == 404
    entry = AccessLog.objects.get(action=AccessLog.Action.DENIED)
    assert entry.details["ids"] == {"pk": 987654}


# Pages that show what a case or a call holds. The list pages, case page and sub-pages above are
# tested one by one; these are the full record's and the helpline's, reached with real ids.
SHOWS_WHAT_IT_HOLDS = {
    "cases:perpetrator": "case.viewed.record.perpetrator",
    "cases:perpetrator_network": "case.viewed.record.perpetrator_network",
    "cases:perpetrator_new": "case.viewed.record.perpetrator_new",
    "cases:event": "case.viewed.record.event",
    "cases:event_new": "case.viewed.record.event_new",
    "cases:smuggling": "case.viewed.record.smuggling",
    "cases:identity_document_new": "case.viewed.record.identity_document_new",
    "cases:accused": "case.viewed.record.accused",
    "cases:accused_new": "case.viewed.record.accused_new",
    "helpline:detail": "call.viewed",
}


def test_each_page_of_the_full_record_and_each_call_logs_who_opened_it(db):
    from members.roles import Role

    from . import world
    from .test_id_sweep import fill, id_patterns, kind_of, value_for

    holdings = world.build()
    own = holdings[world.MEMBERS[0]]
    client = Client()
    client.force_login(own.staff[Role.SUPERVISOR].user)
    # The secretariat's helpline desk reads the coalition's calls.
    desk = Client()
    desk.force_login(holdings["SSDO"].staff[Role.HELPLINE_DESK].user)
    routes = {
        f"{ns}:{name}": (ns, name, route, kwargs) for ns, name, route, kwargs in id_patterns()
    }
    logged = {}
    for view in SHOWS_WHAT_IT_HOLDS:
        namespace, name, route, kwargs = routes[view]
        holder = holdings["SSDO"] if namespace == "helpline" else own
        path = fill(route, {k: value_for(kind_of(namespace, name, k), k, holder) for k in kwargs})
        reader = desk if namespace == "helpline" else client
        before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first()
        assert reader.get(path).status_code == 200, path
        logged[view] = list(
            AccessLog.objects.filter(id__gt=before, action=AccessLog.Action.VIEW).values_list(
                "verb", flat=True
            )
        )
    assert logged == {view: [verb] for view, verb in SHOWS_WHAT_IT_HOLDS.items()}


@pytest.mark.parametrize("method", ["options", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "page", ["edit/", "services/", "legal/", "record/", "record/smuggling/", "history/", ""]
)
def test_a_page_is_read_only_by_get_which_is_logged(
    as_user,
    caseworker_a,
    case_a,  # noqa: F811
    method,
    page,
):
    """A view that drew its page for any method but POST, logging only a GET, let an OPTIONS,
    PUT or PATCH read the case file unlogged: every method but GET, HEAD and POST is refused
    before any view runs."""
    client = as_user(caseworker_a)
    logged = AccessLog.objects.count()
    response = getattr(client, method)(f"/cases/{case_a.pk}/{page}")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert (
        "Ayesha" not in response.content.decode() and case_a.number not in response.content.decode()
    )
    assert AccessLog.objects.count() == logged
