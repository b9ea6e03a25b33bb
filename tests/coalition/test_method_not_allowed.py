"""An address that only takes a form's POST, opened in the browser: a page saying so, in the
page's language, not an empty answer."""

from django.conf import settings
from django.utils import translation

from tests.cases.conftest import open_case


def test_opening_a_form_only_address_says_what_to_do(as_user, caseworker_a):
    case = open_case(caseworker_a, full_name="Kiran Bibi")
    client = as_user(caseworker_a)
    response = client.get(f"/cases/{case.pk}/follow-up/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "This address only takes what a form sends." in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    page = client.get(f"/cases/{case.pk}/follow-up/").content.decode()
    with translation.override("ur"):
        assert translation.gettext("Not a page to open") in page
    assert 'dir="rtl"' in page
