"""A form whose security token is refused (a page left open, a sign-in since in another tab)
gets the site's page in the user's language (templates/403_csrf.html, which Django's CSRF
failure view draws with the request), saying nothing was saved and what to do; not Django's
English page that names DEBUG."""

from django.test import Client

from cases.models import Note
from tests.cases.conftest import case_a  # noqa: F401 - fixture


def signed_in_with_csrf_checks(staff, language: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.user)
    client.cookies.load({"django_language": language})
    return client


def test_a_refused_form_is_explained_in_urdu_and_nothing_is_saved(
    caseworker_a,
    case_a,  # noqa: F811
):
    client = signed_in_with_csrf_checks(caseworker_a, "ur")

    refused = client.post(f"/cases/{case_a.pk}/notes/", {"text": "Called the family."})

    assert refused.status_code == 403
    html = refused.content.decode()
    assert 'dir="rtl"' in html
    assert "فارم نہیں بھیجا جا سکا" in html and "کچھ محفوظ نہیں ہوا" in html
    assert "DEBUG" not in html and "CSRF" not in html
    assert not Note.objects.with_scopes_disabled().exists()


def test_a_refused_sign_in_is_explained_in_english(db):
    refused = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "anyone", "password": "anything"}
    )

    assert refused.status_code == 403
    html = refused.content.decode()
    assert "The form could not be sent" in html and "Nothing was saved." in html
    assert "DEBUG" not in html
