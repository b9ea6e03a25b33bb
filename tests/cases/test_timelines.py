"""The timelines of a case (its history, notes, documents, consent, referrals, the access log
and notifications) name people as colleagues know them, and on an Urdu page keep every date,
number and case number in reading order inside a left-to-right isolate."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases import services
from cases.consent import record_consent
from members.models import Service, ServiceOffering
from referrals import services as referral_services
from tests.files import PDF

from .conftest import open_case
from .test_documents import _private_media, upload  # noqa: F401 -- the fixture, used by name

# What must read left to right: dates, times, case numbers.
LTR_VALUES = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?|[A-Z]+-\d{4}-\d+")
VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}


class _Isolation(HTMLParser):
    """Each LTR value in <main>'s text, with whether an element around it isolates it."""

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.in_main = False
        self.skip = 0
        self.found: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if tag in VOID:
            return
        if tag in ("script", "style"):
            self.skip += 1
        self.stack.append(tag == "bdi" or dict(attrs).get("dir") == "ltr")

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if tag in VOID:
            return
        if tag in ("script", "style"):
            self.skip -= 1
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_main and not self.skip:
            for value in LTR_VALUES.findall(data):
                self.found.append((value, any(self.stack)))


def not_isolated(html: str) -> list[str]:
    parser = _Isolation()
    parser.feed(html)
    assert parser.found, "no date or case number on the page"
    return [value for value, isolated in parser.found if not isolated]


def name(staff, first: str, last: str):
    staff.user.first_name, staff.user.last_name = first, last
    staff.user.save(update_fields=["first_name", "last_name"])
    return staff


@pytest.fixture
def day(caseworker_a, supervisor_a, admin_a, org_b, desk_b, supervisor_b):
    """A case with a note, a document, a consent event, an edit and a referral, made by named
    people, and an Urdu-reading client for each reader."""
    name(caseworker_a, "Nadia", "Qureshi")
    name(desk_b, "Bilal", "Ahmed")
    case = open_case(
        caseworker_a,
        full_name="Kiran Bibi",
        phone="+923001112223",
        origin_province="punjab",
        consent_share_coalition=True,
    )
    services.add_note(case=case, by=caseworker_a.user, text="First call: safe for now.")
    case = services.update_case(
        case=case, by=caseworker_a.user, expected_version=case.version, changes={"alias": "Kiki"}
    )
    services.set_follow_up(case=case, by=caseworker_a.user, on=date(2099, 1, 2))
    record_consent(
        case=case, by=caseworker_a.user, kind="renewed", record=True, share_coalition=True
    )
    legal_aid = Service.objects.get(code="legal_aid")
    ServiceOffering.objects.create(organization=org_b, service=legal_aid, province="punjab")
    referral = referral_services.send_referral(
        case=case,
        by=caseworker_a.user,
        to_organization=org_b,
        service=legal_aid,
        urgency="urgent",
        reason="FIR registration.",
        sections=["survivor"],
    )
    referral_services.accept(referral=referral, by=desk_b.user)
    return case, referral


def in_urdu(as_user, staff):
    client = as_user(staff)
    client.post("/i18n/setlang/", {"language": "ur", "next": "/"})
    return client


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_cases_timelines_name_people_and_isolate_dates_in_urdu(
    as_user, day, caseworker_a, supervisor_a, admin_a, desk_b
):
    case, referral = day
    caseworker = in_urdu(as_user, caseworker_a)
    assert upload(caseworker, case, "statement.pdf", PDF).status_code == 302
    pages = {
        "history": (in_urdu(as_user, supervisor_a), f"/cases/{case.pk}/history/"),
        "case (notes, consent)": (caseworker, f"/cases/{case.pk}/"),
        "documents": (caseworker, f"/cases/{case.pk}/documents/"),
        "access log": (in_urdu(as_user, admin_a), "/access-log/"),
        "referral timeline": (in_urdu(as_user, desk_b), f"/referrals/{referral.pk}/"),
        "notifications": (in_urdu(as_user, desk_b), "/notifications/"),
    }
    for what, (client, path) in pages.items():
        html = page(client, path)
        assert not_isolated(html) == [], what
        if what != "notifications":
            assert "Nadia Qureshi" in html, what
        if what not in ("notifications", "access log"):  # the log names accounts it acted on
            assert "a-caseworker" not in html, what
    assert "Bilal Ahmed" in page(in_urdu(as_user, caseworker_a), f"/referrals/{referral.pk}/")


def test_names_on_the_history_and_access_log_cost_no_query_per_row(
    as_user, caseworker_a, supervisor_a, admin_a
):
    case = open_case(caseworker_a, full_name="Kiran Bibi")
    supervisor, admin = as_user(supervisor_a), as_user(admin_a)
    paths = [(supervisor, f"/cases/{case.pk}/history/"), (admin, "/access-log/")]

    def queries() -> list[int]:
        counts = []
        for client, path in paths:
            client.get(path)  # warms the access facts
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path).status_code == 200
            counts.append(len(captured))
        return counts

    before = queries()
    for staff, alias in [(supervisor_a, "B"), (caseworker_a, "C"), (supervisor_a, "D")]:
        name(staff, alias, "Person")
        case = services.update_case(
            case=case, by=staff.user, expected_version=case.version, changes={"alias": alias}
        )
    assert queries() == before


@pytest.mark.parametrize(
    "template", ["members/emails/password_link.txt", "registration/password_reset_email.html"]
)
def test_an_urdu_email_keeps_the_user_name_left_to_right(template, caseworker_a):
    context = {"username": "a-caseworker", "user": caseworker_a.user, "invitation": True,
               "organization": "Sahil", "days": 3, "link": "https://example.org/x/",
               "site_url": "https://example.org", "uid": "MQ", "token": "t-0"}  # fmt: skip
    with translation.override("ur"):
        urdu = render_to_string(template, context)
    with translation.override("en"):
        english = render_to_string(template, context)
    assert "\u2066a-caseworker\u2069" in urdu
    assert "\u2066" not in english
