"""The case page names its people, organisations and services from the kept names
(members/labels.py), not by joining them onto its rows, and shows a rename at once."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services as case_services
from members.models import Service
from tests.factories import rename_staff

# The services delivered and consent events come with the case (cases.queries.rows_under).
ROW_TABLES = ("cases_note", "referrals_referral")


def page_queries(client, url: str) -> dict[str, str]:
    """The SQL reading each table's rows on a second visit (the first keeps the names)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    found = {}
    for sql in (q["sql"] for q in queries):
        match = re.match(r'SELECT "(\w+)"\."id"', sql)
        if match:
            found.setdefault(match.group(1), sql)
    return found


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def with_a_note_and_a_service(case, staff):
    case_services.add_note(case=case, by=staff.user, text="Called the family.")
    case_services.record_service(
        case=case,
        by=staff.user,
        service=Service.objects.get(code="psychosocial"),
        delivered_on=datetime.date(2026, 11, 2),
    )


def test_the_case_page_reads_its_rows_without_joining_their_names(
    as_user, referral, consenting_case, caseworker_a, supervisor_a
):
    with_a_note_and_a_service(consenting_case, caseworker_a)
    found = page_queries(as_user(supervisor_a), f"/cases/{consenting_case.pk}/")
    for table in ROW_TABLES:
        assert "JOIN" not in found[table], table
    # Nor the case's organisation: it comes from the copy kept under the access version.
    assert " JOIN " not in found["cases_case"]
    for table in ("cases_servicedelivery", "cases_consentevent"):
        assert f'"{table}"' in found["cases_case"] and table not in found
    assert "members_organization" not in found


def test_the_case_page_names_everyone_and_shows_a_rename_at_once(
    as_user, referral, consenting_case, caseworker_a, supervisor_a, admin_a
):
    with_a_note_and_a_service(consenting_case, caseworker_a)
    client = as_user(supervisor_a)
    url = f"/cases/{consenting_case.pk}/"
    page = text_of(client.get(url).content.decode())
    name = caseworker_a.display_name
    assert f"Caseworker {name}" in page
    assert f"Recorded by {name}" in page
    assert f"{name} · Sahil · Note" in page  # the note's author and organisation
    assert "2026-11-02 · Psychosocial support · Sahil" in page
    assert "Legal aid: Sahil → LAS" in page  # the referral panel

    rename_staff(caseworker_a, by=admin_a, first_name="Saba", last_name="Renamed")
    page = text_of(client.get(url).content.decode())
    assert "Caseworker Saba Renamed" in page
    assert "Recorded by Saba Renamed" in page
    assert "Saba Renamed · Sahil · Note" in page
    assert name not in page
