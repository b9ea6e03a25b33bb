"""The case file saves one section at a time: a section's Save button checks and writes its own
answers only, under the same conflict check as the whole file, and what was typed elsewhere is
kept on the page, unsaved."""

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Case
from coalition.validators import LONG_TEXT

from .conftest import edit_data


def cases():
    return Case.objects.with_scopes_disabled()


@pytest.fixture
def client_a(as_user, caseworker_a):
    return as_user(caseworker_a)


def test_saving_one_section_leaves_the_others_as_stored(client_a, case_a):
    data = edit_data(case_a, alias="Shano", risk_level="critical", section="survivor")
    response = client_a.post(f"/cases/{case_a.pk}/edit/", data)
    case = cases().get(pk=case_a.pk)
    assert (case.alias, case.risk_level, case.version) == ("Shano", case_a.risk_level, 2)
    # The intake answer typed but not saved is on the page again, on the new version.
    assert response.status_code == 200
    html = response.content.decode()
    assert "not saved yet" in html
    assert '<option value="critical" selected>' in html
    assert 'name="version" value="2"' in html
    assert "data-unsaved" in html


def test_a_section_saved_alone_returns_to_that_section(client_a, case_a):
    data = edit_data(case_a, risk_level="critical", section="intake")
    response = client_a.post(f"/cases/{case_a.pk}/edit/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case_a.pk}/edit/#section-intake"
    assert cases().get(pk=case_a.pk).risk_level == "critical"
    page = client_a.get(response["Location"]).content.decode()
    assert "The section “Intake” is saved." in page


def test_a_wrong_answer_in_another_section_does_not_stop_a_sections_save(client_a, case_a):
    data = edit_data(case_a, cnic="123", risk_level="critical", section="intake")
    response = client_a.post(f"/cases/{case_a.pk}/edit/", data)
    case = cases().get(pk=case_a.pk)
    assert (case.risk_level, case.cnic) == ("critical", case_a.cnic)
    html = response.content.decode()
    assert 'value="123"' in html  # kept as typed, for the survivor section's own save
    assert "error-summary" not in html


def test_a_wrong_answer_in_the_section_saves_nothing_and_is_summarised(client_a, case_a):
    data = edit_data(case_a, cnic="123", alias="Shano", section="survivor")
    response = client_a.post(f"/cases/{case_a.pk}/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#field-cnic"' in html
    case = cases().get(pk=case_a.pk)
    assert (case.alias, case.version) == (case_a.alias, 1)


def test_a_section_saved_over_someone_elses_save_is_refused(client_a, case_a, caseworker_a):
    services.update_case(
        case=case_a, by=caseworker_a.user, expected_version=1, changes={"alias": "Sano"}
    )
    data = edit_data(case_a, alias="Shano", section="survivor")  # made on version 1
    response = client_a.post(f"/cases/{case_a.pk}/edit/", data)
    assert response.status_code == 200
    assert "Your changes were NOT saved" in response.content.decode()
    assert cases().get(pk=case_a.pk).alias == "Sano"


def test_facets_of_other_sections_are_left_alone(client_a, case_a, caseworker_a):
    services.update_case(
        case=case_a,
        by=caseworker_a.user,
        expected_version=1,
        changes={},
        facets={"need": ["shelter"]},
    )
    case = cases().get(pk=case_a.pk)
    data = edit_data(case, alias="Shano", section="survivor")  # no "needs" ticked in the post
    client_a.post(f"/cases/{case.pk}/edit/", data)
    assert cases().get(pk=case.pk).facet_values("need") == ["shelter"]


def test_update_case_checks_only_what_it_writes(case_a, caseworker_a):
    too_long = "x" * (LONG_TEXT + 1)  # stored before a limit: not this save's business
    cases().filter(pk=case_a.pk).update(summary=too_long)
    with pytest.raises(ValidationError):
        services.update_case(
            case=case_a,
            by=caseworker_a.user,
            expected_version=1,
            changes={"risk_level": "no such level"},
        )
    saved = services.update_case(
        case=case_a, by=caseworker_a.user, expected_version=1, changes={"risk_level": "critical"}
    )
    assert (saved.risk_level, saved.summary) == ("critical", too_long)
