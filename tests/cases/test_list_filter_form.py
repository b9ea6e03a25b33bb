"""The case list's search and filter form: kept as drawn while nothing is filtered, and still
the form of the moment: a new caseworker in it, the page's language, the values searched."""

import pytest
from django.conf import settings

from cases.forms import CaseFilterForm
from cases.views.listing import SEARCHED, filter_form, new_filter_form
from members.access import cached_access
from members.roles import Role
from members.services.common import apply_role
from tests.factories import make_staff, rename_staff

FOLD = "cases/partials/list_filters_fold.html"


def _caseworker_options(html: str) -> str:
    return html[
        html.index('name="assigned_to"') : html.index("</select>", html.index('name="assigned_to"'))
    ]


def test_a_caseworker_who_joins_is_in_the_kept_form_at_once(as_user, supervisor_a, org_a):
    client = as_user(supervisor_a)
    assert "Zarmeen" not in _caseworker_options(client.get("/cases/").content.decode())
    make_staff(org_a, Role.CASEWORKER, "a-new-caseworker", first_name="Zarmeen", last_name="Ali")
    assert "Zarmeen Ali" in _caseworker_options(client.get("/cases/").content.decode())


def test_a_caseworker_of_another_organisation_is_never_in_it(as_user, supervisor_a, org_b):
    make_staff(org_b, Role.CASEWORKER, "b-other", first_name="Other", last_name="Member")
    html = as_user(supervisor_a).get("/cases/").content.decode()
    assert "Other Member" not in html


def test_the_kept_form_is_in_the_pages_language(as_user, supervisor_a):
    client = as_user(supervisor_a)
    english = client.get("/cases/").content.decode()
    assert "More filters" in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    urdu = client.get("/cases/").content.decode()
    assert 'dir="rtl"' in urdu
    assert "More filters" not in urdu
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "More filters" in client.get("/cases/").content.decode()


def test_a_filtered_form_shows_what_was_asked_and_opens_the_filters(as_user, supervisor_a):
    client = as_user(supervisor_a)
    client.get("/cases/")  # the unfiltered form is kept
    html = client.get("/cases/", {"q": "ayesha", "risk": "high"}).content.decode()
    assert 'value="ayesha"' in html
    assert '<option value="high" selected>' in html
    assert 'filters-fold" data-open-when-wide open' in html
    paged = client.get("/cases/", {"page": "2"}).content.decode()
    assert "data-open-when-wide open" not in paged  # a page number is not a filter


def test_one_who_is_no_longer_a_caseworker_leaves_the_kept_choices_at_once(
    as_user, supervisor_a, admin_a, org_a
):
    moving = make_staff(org_a, Role.CASEWORKER, "a-moving", first_name="Moving", last_name="On")
    client = as_user(supervisor_a)
    searched = client.get("/cases/", {"risk": "high"}).content.decode()  # the choices are kept
    assert "Moving On" in _caseworker_options(searched)
    apply_role(staff=moving, by=admin_a.user, role=Role.REFERRAL_DESK, verb="staff.role_changed")
    html = client.get("/cases/", {"assigned_to": moving.pk}).content.decode()
    assert "Moving On" not in _caseworker_options(html)
    assert 'class="errorlist' in html  # no longer a choice: said so, not ignored in silence


def test_a_filtered_form_asks_for_the_caseworkers_once():
    """Checking a caseworker filtered by and drawing the select each read the choices: the
    caseworkers (a cache read, or a query) are asked for once per form."""
    asked = []

    def caseworkers():
        asked.append(True)
        return [(7, "Zarmeen Ali"), (8, "Sana Khan")]

    form = CaseFilterForm({"q": "ayesha", "assigned_to": "7"}, caseworkers=caseworkers)
    assert form.is_valid()
    html = filter_form(None, form)
    assert '<option value="7" selected>Zarmeen Ali</option>' in html
    assert len(asked) == 1


def test_a_search_keeps_the_form_drawn_but_never_the_text_searched_for(as_user, supervisor_a):
    """While only a search text is asked for, the form's markup is kept (like the unfiltered
    form's) with a stand-in in the search box, where each visit puts its own text: what was
    searched for is never kept."""
    client = as_user(supervisor_a)

    def drawn(response) -> set[str]:
        return {template.name for template in response.templates}

    first = client.get("/cases/", {"q": "Zebunnisa"})
    assert 'value="Zebunnisa"' in first.content.decode()
    assert FOLD in drawn(first)
    second = client.get("/cases/", {"q": "Sana"})
    html = second.content.decode()
    assert 'value="Sana"' in html
    assert "Zebunnisa" not in html
    assert 'filters-fold" data-open-when-wide open' in html
    assert {FOLD, "cases/partials/list_filters.html"}.isdisjoint(drawn(second))  # kept
    assert _caseworker_options(html) == _caseworker_options(first.content.decode())
    filtered = client.get("/cases/", {"q": "Sana", "risk": "high"})
    assert FOLD in drawn(filtered)
    assert '<option value="high" selected>' in filtered.content.decode()
    kept = cached_access(
        supervisor_a.user, "case-list-form-searched:en", lambda: pytest.fail("not kept")
    )
    assert "filters-fold" in kept
    assert f'value="{SEARCHED}"' in kept
    assert "Zebunnisa" not in kept
    assert "Sana" not in kept


@pytest.mark.parametrize(
    "text", ['Sana "Guddi" <b>&amp;</b>', "عائشہ بی بی", "it's", SEARCHED, f"a {SEARCHED} b"]
)
def test_the_kept_search_form_is_the_form_drawn_afresh_whatever_was_typed(supervisor_a, text):
    user = supervisor_a.user
    filter_form(user, searched(user, "Zebunnisa"))  # kept
    form = searched(user, text)
    assert filter_form(user, form) == str(filter_form(None, searched(user, text, drawn=True)))


def searched(user, text: str, *, drawn: bool = False) -> CaseFilterForm:
    """A valid search form for `text`; `drawn`: one whose markup is not kept (a caseworker
    filter with no choice chosen changes nothing it draws, but is not a search alone)."""
    form = new_filter_form(user, {"q": text})
    assert form.is_valid()
    if drawn:
        form.changed_data.append("assigned_to")
    return form


def test_nothing_asked_for_builds_no_form_once_the_form_is_kept(as_user, supervisor_a, monkeypatch):
    built = []
    original = CaseFilterForm.__init__

    def counting(self, *args, **kwargs):
        built.append(True)
        original(self, *args, **kwargs)

    monkeypatch.setattr(CaseFilterForm, "__init__", counting)
    client = as_user(supervisor_a)
    client.get("/cases/")  # drawn once, and kept
    built.clear()
    assert 'name="q"' in client.get("/cases/").content.decode()
    assert 'name="q"' in client.get("/cases/", {"page": "1"}).content.decode()
    assert built == []
    client.get("/cases/", {"risk": "high"})
    assert built == [True]


def test_a_caseworker_renamed_is_in_the_kept_form_by_the_new_name_at_once(
    as_user, supervisor_a, admin_a, caseworker_a
):
    client = as_user(supervisor_a)
    assert caseworker_a.display_name in _caseworker_options(client.get("/cases/").content.decode())
    rename_staff(caseworker_a, by=admin_a, first_name="Saba", last_name="Renamed")
    assert "Saba Renamed" in _caseworker_options(client.get("/cases/").content.decode())
