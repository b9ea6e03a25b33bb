"""The case list's rows (templates/jinja2/cases/list_rows.html, drawn by Jinja2): what each
cell shows, escaped, in the page's language. (A case referred in carries its organisation's
name: tests/referrals/test_inbox_rows.py, where the referral fixtures are.)"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from .conftest import open_case


def row_of(html: str, number: str) -> str:
    start = html.rindex("<tr", 0, html.index(number))
    return html[start : html.index("</tr>", start)]


def test_a_row_shows_the_case_escaped_with_its_link_and_caseworker(as_user, caseworker_a):
    overdue = timezone.localdate() - timedelta(days=2)
    case = open_case(caseworker_a, full_name="<b>Nadia</b> Khan", next_follow_up=overdue)
    row = row_of(as_user(caseworker_a).get("/cases/").content.decode(), case.number)
    assert f'href="/cases/{case.pk}/"' in row
    assert "&lt;b&gt;Nadia&lt;/b&gt; Khan" in row and "<b>" not in row
    assert f'<span class="overdue"><bdi dir="ltr">{overdue.isoformat()}</bdi></span>' in row
    assert (caseworker_a.user.get_full_name() or caseworker_a.user.username) in row
    assert 'data-label="Case"' in row and 'data-label="Next follow-up"' in row
    assert '<span class="tag">' not in row  # the organisation's own case


def test_the_rows_labels_are_in_the_pages_language(as_user, caseworker_a):
    case = open_case(caseworker_a, full_name="Urdu Row")
    client = as_user(caseworker_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    html = client.get("/cases/").content.decode()
    with translation.override("ur"):
        label, status = gettext("Case"), gettext("Open")
    assert label != "Case"
    row = row_of(html, case.number)
    assert f'data-label="{label}"' in row
    assert f'<th scope="col">{label}</th>' in html
    assert status in row


def test_an_empty_list_says_so(as_user, caseworker_a):
    html = as_user(caseworker_a).get("/cases/").content.decode()
    assert "No cases yet. Log the first one with New intake." in html
    html = as_user(caseworker_a).get("/cases/", {"q": "nobody"}).content.decode()
    assert "No case matches." in html
