"""The quick intake asks consent first, presets no risk or sex, and takes a CNIC and a district."""

from cases.forms import QuickIntakeForm
from cases.models import Case

from .test_intake import QUICK


def cases():
    return Case.objects.with_scopes_disabled()


def test_consent_to_record_and_to_share_are_the_first_questions():
    assert list(QuickIntakeForm().fields)[:2] == ["consent_record", "consent_share_coalition"]


def test_a_new_intake_is_not_assessed_until_someone_assesses_it():
    form = QuickIntakeForm()
    assert form["risk_level"].value() == "not_assessed"
    assert form["sex"].value() == "not_assessed"


def test_an_intake_without_risk_or_sex_is_stored_as_not_assessed(as_user, caseworker_a):
    data = {key: value for key, value in QUICK.items() if key not in ("risk_level", "sex")}
    data |= {"risk_level": "not_assessed", "sex": "not_assessed"}
    as_user(caseworker_a).post("/cases/new/", data)
    assert cases().values_list("risk_level", "sex").get() == ("not_assessed", "not_assessed")


def test_the_cnic_first_digit_fills_the_province_and_the_district_is_a_code(as_user, caseworker_a):
    data = {**QUICK, "cnic": "42101 1234567 1", "current_district": "Karachi East"}
    response = as_user(caseworker_a).post("/cases/new/", data)
    assert response.status_code == 302
    case = cases().get()
    assert (case.cnic, case.origin_province, case.current_district) == (
        "42101-1234567-1",
        "sindh",
        "Karachi East",
    )


def test_a_district_not_on_the_list_is_refused_and_nothing_typed_is_lost(as_user, caseworker_a):
    response = as_user(caseworker_a).post("/cases/new/", {**QUICK, "current_district": "Atlantis"})
    assert response.status_code == 200 and not cases().exists()
    assert response.context["form"]["full_name"].value() == "Zainab Khan"
    assert 'id="error-summary"' in response.content.decode()


def test_a_cnic_with_a_first_digit_no_province_issues_is_refused(as_user, caseworker_a):
    response = as_user(caseworker_a).post("/cases/new/", {**QUICK, "cnic": "92101-1234567-1"})
    assert "cnic" in response.context["form"].errors


def test_consent_to_share_at_intake_lets_the_case_be_referred_at_once(as_user, caseworker_a):
    as_user(caseworker_a).post("/cases/new/", {**QUICK, "consent_share_coalition": "yes"})
    assert cases().get().can_share_with_coalition


def test_sharing_without_consent_to_record_is_refused(as_user, caseworker_a):
    data = {
        **QUICK,
        "full_name": "",
        "phone": "",
        "alias": "Guddi",
        "consent_record": "no",
        "consent_share_coalition": "yes",
    }
    response = as_user(caseworker_a).post("/cases/new/", data)
    assert "consent_share_coalition" in response.context["form"].errors


def test_domestic_servitude_takes_the_industry_domestic_work(as_user, caseworker_a):
    from .conftest import edit_data, open_case

    case = open_case(caseworker_a, full_name="Ayesha Bibi")
    data = edit_data(
        case, exploitation_types=["domestic_servitude"], labour_industry="domestic_work"
    )
    response = as_user(caseworker_a).post(f"/cases/{case.pk}/edit/", data)
    assert response.status_code == 302
    assert cases().get().labour_industry == "domestic_work"


def test_a_fir_and_its_first_hearing_are_saved_from_one_page(as_user, caseworker_a):
    from cases.models import Hearing, LegalProceeding

    from .conftest import open_case

    case = open_case(caseworker_a, full_name="Ayesha Bibi")
    data = {
        "authority": "police",
        "law": "ptpa_2018",
        "fir_number": "12/2026",
        "stage": "fir",
        "outcome": "pending",
        "hearing-date": "2026-12-15",
        "hearing-purpose": "Bail",
    }
    response = as_user(caseworker_a).post(f"/cases/{case.pk}/legal/", data)
    assert response.status_code == 302, response.context["form"].errors
    proceeding = LegalProceeding.objects.with_scopes_disabled().get(case=case)
    hearing = Hearing.objects.with_scopes_disabled().get(proceeding=proceeding)
    assert (str(hearing.date), hearing.purpose) == ("2026-12-15", "Bail")
