"""The legal track: from complaint to verdict, with hearings."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Hearing, LegalProceeding

from .conftest import open_case


def proceedings():
    return LegalProceeding.objects.with_scopes_disabled()


def test_the_form_suggests_fia_for_cross_border_and_police_for_internal(as_user, caseworker_a):
    client = as_user(caseworker_a)
    abroad = open_case(caseworker_a, scope="transnational")
    home = open_case(caseworker_a, scope="internal")
    abroad_form = client.get(f"/cases/{abroad.pk}/legal/").context["form"]
    home_form = client.get(f"/cases/{home.pk}/legal/").context["form"]
    assert abroad_form["authority"].value() == "fia"
    assert home_form["authority"].value() == "police"
    assert home_form["law"].value() == "ptpa_2018"


def test_stage_rules_and_hearings(as_user, caseworker_a, case_a):
    client = as_user(caseworker_a)
    url = f"/cases/{case_a.pk}/legal/"
    base = {"authority": "police", "law": "ptpa_2018", "sections": "PTPA 2018 s.3"}
    no_fir = client.post(url, {**base, "stage": "investigation", "outcome": "pending"})
    assert "enter the FIR number" in no_fir.content.decode()
    early_verdict = client.post(
        url, {**base, "stage": "trial", "fir_number": "12/2026", "outcome": "conviction"}
    )
    assert "verdict stage" in early_verdict.content.decode()
    assert not proceedings().exists()

    saved = client.post(
        url, {**base, "stage": "fir", "fir_number": "12/2026", "police_station": "Kasur City",
              "outcome": "pending"},
    )  # fmt: skip
    assert saved.status_code == 302
    proceeding = proceedings().get()
    edit_url = f"/cases/{case_a.pk}/legal/{proceeding.pk}/"
    added = client.post(
        edit_url, {"add_hearing": "1", "hearing-date": "2026-12-10", "hearing-purpose": "Bail"}
    )
    assert added.status_code == 302
    assert Hearing.objects.with_scopes_disabled().get(proceeding=proceeding).purpose == "Bail"
    verdict = client.post(
        edit_url,
        {**base, "stage": "verdict", "fir_number": "12/2026", "outcome": "conviction",
         "outcome_date": "2026-01-15"},
    )  # fmt: skip
    assert verdict.status_code == 302
    page = client.get(f"/cases/{case_a.pk}/").content.decode()
    assert "12/2026" in page and "Conviction" in page and "2026-12-10" in page


def test_the_case_page_shows_each_proceedings_hearings_in_date_order_at_no_query_more(
    as_user, caseworker_a, django_assert_num_queries
):
    """The hearings come with their proceeding (one JSON array each, as the facets come with
    the case): a case in court is read in as many queries as a case with no proceeding."""
    case = open_case(caseworker_a, full_name="Court Case")
    client = as_user(caseworker_a)
    url = f"/cases/{case.pk}/"
    client.get(url)  # the caches filled
    with CaptureQueriesContext(connection) as not_in_court:
        assert "No complaint or FIR recorded." in client.get(url).content.decode()
    proceeding = LegalProceeding(
        case=case, authority="police", law="ptpa_2018", fir_number="12/2026", stage="fir"
    )
    services.save_proceeding(proceeding=proceeding, by=caseworker_a.user)
    for day, purpose in ((20, "Evidence"), (3, "Bail"), (11, "")):
        services.add_hearing(
            proceeding=proceeding, by=caseworker_a.user, on=date(2026, 12, day), purpose=purpose
        )
    with django_assert_num_queries(len(not_in_court)):
        html = client.get(url).content.decode()
    assert (
        '<dd><bdi dir="ltr">2026-12-03</bdi> (Bail); <bdi dir="ltr">2026-12-11</bdi>; '
        '<bdi dir="ltr">2026-12-20</bdi> (Evidence)</dd>'
    ) in html
