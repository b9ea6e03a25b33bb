"""The referral inbox's rows (templates/jinja2/referrals/inbox_rows.html, drawn by Jinja2): the
answer-by time in Pakistan's time zone, the labels in the page's language; and the case list's
row of a case referred in, which names the organisation it came from."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

from members import services as member_services
from referrals import services
from referrals.models import Referral
from tests.factories import rows_query


def row_of(html: str, referral: Referral) -> str:
    start = html.rindex("<tr", 0, html.index(f'href="/referrals/{referral.pk}/"'))
    return html[start : html.index("</tr>", start)]


def test_a_row_shows_the_referral_with_its_answer_by_time_in_pakistan(as_user, referral, desk_b):
    Referral.objects.with_scopes_disabled().filter(pk=referral.pk).update(
        respond_by=datetime(2026, 11, 30, 20, 30, tzinfo=UTC)
    )
    row = row_of(as_user(desk_b).get("/referrals/").content.decode(), referral)
    assert f'<bdi dir="ltr">{referral.case.number}</bdi>' in row
    assert '<bdi dir="ltr">2026-12-01 01:30</bdi>' in row  # UTC+5
    assert f'data-label="From">{referral.from_organization.short_name}<' in row
    assert f'data-label="To">{referral.to_organization.short_name}<' in row
    assert '<span class="urgency-urgent">Urgent</span>' in row
    assert 'class="tag status-pending"' in row


def test_the_rows_labels_are_in_the_pages_language(as_user, referral, desk_b):
    client = as_user(desk_b)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    html = client.get("/referrals/").content.decode()
    with translation.override("ur"):
        answer_by, sender = gettext("Answer by"), pgettext("referral", "From")
    assert answer_by != "Answer by"
    row = row_of(html, referral)
    assert f'data-label="{answer_by}"' in row and f'data-label="{sender}"' in row
    assert f'<th scope="col">{answer_by}</th>' in html


def test_an_empty_tab_says_so(as_user, desk_b):
    assert "Nothing here." in as_user(desk_b).get("/referrals/").content.decode()


def test_a_case_referred_in_carries_its_organisations_name_in_the_case_list(
    as_user, referral, desk_b, supervisor_b
):
    services.accept(referral=referral, by=desk_b.user)
    html = as_user(supervisor_b).get("/cases/").content.decode()
    start = html.rindex("<tr", 0, html.index(referral.case.number))
    row = html[start : html.index("</tr>", start)]
    assert f'<span class="tag">{referral.case.organization.short_name}</span>' in row


def test_a_row_names_the_service_in_the_pages_language_and_a_renamed_one_at_once(
    as_user, referral, desk_b, secretariat_admin
):
    service = referral.service
    service.name_ur = "قانونی مدد"
    member_services.save_service(service=service, by=secretariat_admin.user, changed=["name_ur"])
    client = as_user(desk_b)
    assert f'data-label="Service">{service.name}<' in row_of(
        client.get("/referrals/").content.decode(), referral
    )
    service.name = "Legal aid, renamed"
    member_services.save_service(service=service, by=secretariat_admin.user, changed=["name"])
    row = row_of(client.get("/referrals/").content.decode(), referral)
    assert 'data-label="Service">Legal aid, renamed<' in row
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    assert ">قانونی مدد<" in row_of(client.get("/referrals/").content.decode(), referral)


def test_the_inbox_reads_its_referrals_with_no_join_and_each_case_number_by_a_subquery(
    as_user, referral, desk_b
):
    """PostgreSQL then reads the numbers of the rows the page keeps, after sorting, not of
    every referral waiting."""
    sql = rows_query(as_user(desk_b), "/referrals/", "referrals_referral")
    assert "JOIN" not in sql
    assert sql.count('FROM "cases_case"') == 1 and '"case_number"' in sql


def test_my_work_lists_a_waiting_referral_with_its_sender_and_service(as_user, referral, desk_b):
    html = as_user(desk_b).get("/").content.decode()
    start = html.index(f'href="/referrals/{referral.pk}/"')
    item = html[start : html.index("</li>", start)]
    assert f"· {referral.from_organization.short_name} · {referral.service.name} ·" in item
