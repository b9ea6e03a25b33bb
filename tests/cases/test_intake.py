import pytest
from django.utils import timezone

from cases.models import Case
from coalition.models import AccessLog

from .conftest import open_case

QUICK = {
    "intake_channel": "helpline",
    "full_name": "Zainab Khan",
    "sex": "female",
    "gender_identity": "woman",
    "estimated_age": "16",
    "phone": "0300 1234567",
    "current_location": "Kasur",
    "summary": "Taken to a brick kiln by a relative.",
    "risk_level": "high",
    "consent_record": "yes",
    "consent_share_coalition": "no",
}


def cases():
    return Case.objects.with_scopes_disabled()


def test_quick_intake_opens_a_numbered_case_assigned_to_the_caseworker(as_user, caseworker_a):
    response = as_user(caseworker_a).post("/cases/new/", QUICK)
    case = cases().get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.number == f"SAHIL-{timezone.localdate().year}-000001"
    assert case.assigned_to == caseworker_a
    assert case.phone == "+923001234567"
    assert case.consent_record and case.consent_recorded_by == caseworker_a.user
    assert AccessLog.objects.filter(action="create", case_id=case.pk).exists()


def test_case_numbers_follow_on_per_organisation(caseworker_a, caseworker_b):
    first = open_case(caseworker_a)
    second = open_case(caseworker_a)
    other = open_case(caseworker_b)
    assert first.number.endswith("-000001")
    assert second.number.endswith("-000002")
    assert other.number.startswith("LAS-") and other.number.endswith("-000001")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "mobile"),
        ("estimated_age", "140", "age"),
        ("intake_channel", "carrier-pigeon", "valid choice"),
    ],
)
def test_rejected_intake_saves_nothing_and_keeps_what_was_typed(
    as_user, caseworker_a, field, value, message
):
    response = as_user(caseworker_a).post("/cases/new/", {**QUICK, field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html.lower()
    assert "Zainab Khan" in html and "Taken to a brick kiln" in html
    assert not cases().exists()


def test_rejected_intake_message_is_in_urdu_for_an_urdu_user(as_user, caseworker_a):
    client = as_user(caseworker_a)
    client.post("/i18n/setlang/", {"language": "ur", "next": "/cases/new/"})
    html = client.post("/cases/new/", {**QUICK, "phone": "12345"}).content.decode()
    assert 'dir="rtl"' in html
    assert "This field" not in html and "Enter a Pakistani" not in html
    assert not cases().exists()


def test_the_case_file_validates_cnic_dates_and_age(as_user, caseworker_a, case_a):
    from .conftest import edit_data

    tomorrow = timezone.localdate().toordinal() + 1
    from datetime import date

    future = date.fromordinal(tomorrow).isoformat()
    client = as_user(caseworker_a)
    for changes, message in [
        ({"cnic": "3520212345671"}, None),  # digits only are accepted and formatted
        ({"cnic": "35202-12345"}, "12345-1234567-1"),
        ({"intake_date": future}, "future"),
        ({"date_of_birth": "2000-01-01", "estimated_age": "10"}, "date of birth"),
    ]:
        response = client.post(f"/cases/{case_a.pk}/edit/", edit_data(case_a, **changes))
        if message is None:
            assert response.status_code == 302
            case_a.refresh_from_db()
            assert case_a.cnic == "35202-1234567-1"
        else:
            assert response.status_code == 200, changes
            assert message in response.content.decode().lower() or message in (
                response.content.decode()
            )


def test_intake_never_says_whether_another_organisation_has_the_person(
    as_user, caseworker_a, case_b
):
    client = as_user(caseworker_a)
    without_match = client.get("/cases/new/").content.decode()
    response = client.post("/cases/new/", {**QUICK, "phone": "0333 9876543"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain  # saved at once, as with a number no one has
    assert "Possible duplicate" not in html and "exists" not in html
    assert case_b.number not in html and "Rubina" not in html and "LAS" not in html
    assert cases().filter(organization=caseworker_a.organization).count() == 1
    assert "the secretariat is told" in without_match  # said the same way for every number


def test_intake_links_a_duplicate_the_user_can_see(as_user, caseworker_a, case_a):
    html = as_user(caseworker_a).post("/cases/new/", {**QUICK, "phone": "03001234567"})
    assert case_a.number in html.content.decode()


def test_the_full_case_file_saves_facets_and_records_history(as_user, caseworker_a, case_a):
    from .conftest import edit_data

    data = edit_data(
        case_a,
        exploitation_types=["bonded_labour", "forced_labour"],
        labour_industry="brick_kiln",
        means_of_control=["debt_bondage", "documents_withheld"],
        needs=["legal_aid", "shelter"],
        scope="internal",
        gender_identity="transgender_woman",
    )
    response = as_user(caseworker_a).post(f"/cases/{case_a.pk}/edit/", data)
    assert response.status_code == 302
    case = cases().get(pk=case_a.pk)
    assert sorted(case.exploitation_types) == ["bonded_labour", "forced_labour"]
    assert sorted(case.needs) == ["legal_aid", "shelter"]
    assert case.gender_identity == "transgender_woman"
    assert case.version == 2
    page = as_user(caseworker_a).get(f"/cases/{case.pk}/history/").content.decode()
    # History is in words: the field's label and the value's, never the stored codes.
    assert "industry (forced labour)" in page
    assert "Brick kiln" in page
    assert "Withholds documents" in page
    assert "brick_kiln" not in page
    assert "documents_withheld" not in page
    entry = AccessLog.objects.filter(action="change", case_id=case.pk).get()
    assert "labour_industry" in entry.details["fields"]


def test_industry_needs_a_labour_exploitation_type(as_user, caseworker_a, case_a):
    from .conftest import edit_data

    data = edit_data(case_a, labour_industry="brick_kiln", exploitation_types=["sexual"])
    response = as_user(caseworker_a).post(f"/cases/{case_a.pk}/edit/", data)
    assert response.status_code == 200
    assert "forced or bonded labour" in response.content.decode()
    assert cases().get(pk=case_a.pk).labour_industry == ""
