"""The legal track: from complaint to verdict, with hearings."""

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
