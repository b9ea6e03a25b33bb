"""The idle sign-out on a long form: typing keeps the person signed in, a warning before the
session can end offers to stay, and once it has ended they are told to keep what they typed
(static/js/app.js). The page's clock is Playwright's, run forward; the server's is real."""

import re
from importlib import import_module

import pytest
from django.contrib.sessions.models import Session
from django.utils import translation

from members.roles import Role
from tests.factories import make_staff

from .test_browser import sign_in

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

KEEP = "/accounts/sessions/keep/"


def t(lang: str, text: str) -> str:
    with translation.override(lang):
        return str(translation.gettext(text))


def is_keep(response) -> bool:
    return response.url.endswith(KEEP)


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_typing_keeps_a_caseworker_signed_in_and_a_warning_comes_before_the_end(
    new_page, page_errors, org_a, settings, lang
):
    staff = make_staff(org_a, Role.CASEWORKER, "nadia", language=lang)
    page = new_page()
    page.clock.install()
    sign_in(page, staff)
    page.goto("/cases/new/")
    name = page.locator("input[name=full_name]")
    warning = page.get_by_role("dialog", name=t(lang, "Are you still there?"))

    # Typing within the refresh interval asks nothing; typing after it tells the server.
    sent = []
    page.on("request", lambda request: request.url.endswith(KEEP) and sent.append(request))
    name.fill("Zainab")
    page.clock.run_for(settings.SESSION_REFRESH_SECONDS * 1000 + 5000)
    assert sent == []
    with page.expect_response(is_keep) as kept:
        name.fill("Zainab Khan")
    assert kept.value.status == 204
    expect(warning).to_be_hidden()

    # Nothing more happens: a warning two minutes before the session can end; staying closes it.
    page.clock.run_for((settings.SESSION_COOKIE_AGE - 130) * 1000)
    expect(warning).to_be_hidden()
    page.clock.run_for(20_000)
    expect(warning).to_be_visible()
    # A server error says nothing of the session: the warning stays, to try again.
    stay = warning.get_by_role("button", name=t(lang, "Stay signed in"))
    page.route(f"**{KEEP}", lambda route: route.fulfill(status=500))
    with page.expect_response(is_keep) as kept:
        stay.click()
    assert kept.value.status == 500
    expect(stay).to_be_visible()
    expect(page.get_by_text(t(lang, "You have been signed out"))).to_be_hidden()
    page.unroute(f"**{KEEP}")
    with page.expect_response(is_keep) as kept:
        stay.click()
    assert kept.value.status == 204
    expect(warning).to_be_hidden()

    # The session ended meanwhile (the server's idle timeout): the typed text is still there
    # to copy, and the page says so.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in Session.objects.values_list("session_key", flat=True):
        store(key).delete()  # from the cache too, as an ended session is
    page.clock.run_for((settings.SESSION_COOKIE_AGE - 110) * 1000)  # 2 minutes left, and 10 s
    expect(warning).to_be_visible()
    with page.expect_response(is_keep) as ended:
        stay.click()
    assert ended.value.status == 401
    expect(page.get_by_text(t(lang, "You have been signed out"))).to_be_visible()
    expect(name).to_have_value("Zainab Khan")
    expect(page).to_have_url(re.compile(r"/cases/new/$"))
    assert not page_errors
