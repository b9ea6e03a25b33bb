"""The shell: navigation by role, the organisation shown, English/Urdu with right-to-left."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

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


def test_signing_in_in_urdu_asks_and_refuses_in_urdu(client, caseworker_a):
    """Django's sign-in form takes its labels and its refusal from Django's catalogue, which has
    no Urdu for them: the project's catalogue does (coalition/django_messages.py)."""
    client.post("/i18n/setlang/", {"language": "ur", "next": "/accounts/login/"})
    page = client.post("/accounts/login/", {"username": "a-caseworker", "password": "wrong"})
    html = page.content.decode()
    assert "صارف نام" in html and "پاس ورڈ" in html
    assert "درست صارف نام اور پاس ورڈ درج کریں" in html
    assert "Username" not in html and "Please enter a correct" not in html


def test_djangos_own_messages_are_in_todays_urdu():
    from django.utils import translation

    from coalition.django_messages import DJANGO_MESSAGES

    for message in DJANGO_MESSAGES:
        with translation.override("en"):
            english = str(message)
        with translation.override("ur"):
            urdu = str(message)
        assert urdu != english, english
        # Do-chashmi he where today's Urdu writes he ("ھے" for "ہے", "نھیں" for "نہیں"); it
        # stays in the aspirated letters ("بھرنا").
        assert not re.search("(^|\\s)\u06be|\u0646\u06be\u06cc\u06ba", urdu), urdu


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


def test_each_urdu_message_keeps_the_placeholders_of_its_english():
    """A translation holds the placeholders of its message, no more and no fewer: four once
    ended with another message's text ("Save the result" and a file size limit)."""
    import polib

    placeholder = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}")
    po = polib.pofile(str(settings.LOCALE_PATHS[0] / "ur" / "LC_MESSAGES" / "django.po"))
    wrong = []
    for entry in po:
        english = set(placeholder.findall(entry.msgid + (entry.msgid_plural or "")))
        urdu = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        wrong += [entry.msgid for text in urdu if set(placeholder.findall(text)) != english]
    assert wrong == []


def test_every_form_leaves_checking_to_the_app_which_answers_in_the_pages_language():
    """A browser checks `required` fields itself, before the app, in the browser's language
    ("Please select an item in the list." on an Urdu page): every form turns that off."""
    templates = Path(settings.BASE_DIR) / "templates"
    unchecked = [
        f"{path.relative_to(templates)}: {tag}"
        for path in templates.rglob("*.html")
        for tag in re.findall(r"<form\b[^>]*>", path.read_text())
        if "novalidate" not in tag
    ]
    assert not unchecked


def test_examples_in_urdu_messages_keep_their_left_to_right_order():
    """An example number inside right-to-left text is drawn backwards unless isolated:
    "12345-1234567-1" read as "1-1234567-12345", "+92" as "92+". The Urdu catalogue wraps
    each in a left-to-right isolate (U+2066 ... U+2069), which needs no markup."""
    import polib

    catalogue = polib.pofile(str(settings.LOCALE_PATHS[0] / "ur" / "LC_MESSAGES" / "django.po"))
    isolated = re.compile("\u2066[^\u2069]*\u2069")
    example = re.compile(r"\+?\d[\d -]{5,}\d")
    bare = [entry.msgid for entry in catalogue if example.search(isolated.sub("", entry.msgstr))]
    assert not bare
    with translation.override("ur"):
        message = translation.gettext("A CNIC has 13 digits, written like 12345-1234567-1.")
    assert "\u206612345-1234567-1\u2069" in message
