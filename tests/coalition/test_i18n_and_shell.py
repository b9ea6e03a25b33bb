"""The shell: navigation by role, the organisation shown, English/Urdu with right-to-left."""

import re

import pytest
from django.conf import settings

from members.models import Staff


def test_english_page_is_left_to_right(as_user, caseworker_a):
    html = as_user(caseworker_a).get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Sahil" in html  # the user's organisation


def test_language_switch_sets_rtl_and_remembers_choice(as_user, caseworker_a):
    client = as_user(caseworker_a)
    response = client.post("/i18n/setlang/", {"language": "ur", "next": "/members/"})
    assert response.status_code == 302
    assert response["Location"] == "/members/"
    html = client.get("/members/").content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    assert "رابطہ" in html or "ڈائریکٹری" in html  # Urdu strings are compiled and served
    assert Staff.objects.get(pk=caseworker_a.pk).language == "ur"


def test_language_switch_refuses_external_redirect(as_user, caseworker_a):
    response = as_user(caseworker_a).post(
        "/i18n/setlang/", {"language": "ur", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_login_applies_the_staff_members_language(client, caseworker_a):
    caseworker_a.language = "ur"
    caseworker_a.save()
    client.post("/accounts/login/", {"username": "a-caseworker", "password": _password()})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"
    assert 'dir="rtl"' in client.get("/").content.decode()


def test_login_page_switches_language_signed_out(client, db):
    client.post("/i18n/setlang/", {"language": "ur", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert 'dir="rtl"' in html


def _password():
    from tests.factories import TEST_PASSWORD

    return TEST_PASSWORD


@pytest.mark.parametrize(
    ("fixture", "visible", "hidden"),
    [
        ("caseworker_a", ["Directory"], ["Staff", "Organisations", "Access log"]),
        ("admin_a", ["Staff", "Our services"], ["Organisations"]),
        ("secretariat_admin", ["Organisations", "Staff"], []),
        ("analyst", ["Directory"], ["Staff", "Organisations"]),
    ],
)
def test_navigation_follows_role(request, as_user, fixture, visible, hidden):
    html = as_user(request.getfixturevalue(fixture)).get("/").content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    for label in visible:
        assert f">{label}<" in nav
    for label in hidden:
        assert f">{label}<" not in nav


def test_shell_is_accessible_and_phone_ready(as_user, caseworker_a):
    html = as_user(caseworker_a).get("/").content.decode()
    assert 'name="viewport"' in html
    assert '<main id="main"' in html
    assert 'class="skip-link" href="#main"' in html
    assert 'aria-label="Main"' in html
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]


def test_every_urdu_message_is_translated():
    import polib

    po = polib.pofile(str(settings.LOCALE_PATHS[0] / "ur" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    assert missing == []
    assert po.percent_translated() == 100
