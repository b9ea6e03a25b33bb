"""Labels say which fields must be filled, in the page's language; a form whose every field is
required (signing in) does not repeat it on each."""

import re

from django.test import Client

from members.models import Staff


def labels(html: str) -> dict[str, str]:
    """{field id: label text} of the page's labels."""
    found = re.findall(r'<label for="id_(\w+)">(.*?)</label>', html, flags=re.S)
    return {field: re.sub(r"<[^>]+>", "", text).strip() for field, text in found}


def test_the_intake_form_marks_its_required_fields_only(as_user, caseworker_a):
    shown = labels(as_user(caseworker_a).get("/cases/new/").content.decode())

    assert shown["intake_channel"].endswith("(required)")
    assert shown["risk_level"].endswith("(required)")
    assert "(required)" not in shown["full_name"]  # a survivor may stay unnamed
    assert "(required)" not in shown["phone"]


def test_the_marks_are_in_urdu_on_an_urdu_page(as_user, caseworker_a):
    Staff.objects.filter(pk=caseworker_a.pk).update(language="ur")
    client = as_user(caseworker_a)
    client.post("/i18n/setlang/", {"language": "ur", "next": "/"})
    shown = labels(client.get("/cases/new/").content.decode())

    assert shown["intake_channel"].endswith("(لازمی)")
    assert "(required)" not in " ".join(shown.values())


def test_a_form_of_required_fields_only_marks_none(db):
    html = Client().get("/accounts/login/").content.decode()
    assert "id_username" in html
    assert "(required)" not in html
