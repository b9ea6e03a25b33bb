"""The full record around a case: perpetrators and their network, events, the migrant smuggling
record, identity documents, the accused, and the summary for police or FIA."""

from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled

from cases import services
from cases.consent import record_consent
from cases.models import (
    Accused,
    Case,
    CaseChange,
    CaseEvent,
    CaseFacet,
    IdentityDocument,
    LegalProceeding,
    Perpetrator,
    SmugglingRecord,
)
from cases.services import record
from cases.validators import validate_cnic, validate_identity_document
from coalition.models import AccessLog
from members.access import forget_access
from tests.factories import SESSION_QUERIES

from .conftest import open_case

PERPETRATOR = {
    "name": "Agent in Gujrat",
    "roles": ["agent", "recruiter"],
    "sex": "male",
    "age_range": "30_44",
    "nationality": "PK",
}


# Session, user and permissions, the case, the access facts, the rows of each kind (perpetrators,
# events and their perpetrators, smuggling, identity documents), the view logged (in a savepoint
# of the test's transaction) and the session (when it is not read from the cache).
RECORD_PAGE_QUERIES = 20 + SESSION_QUERIES


def rows(model):
    return model.objects.with_scopes_disabled()


def perpetrator_of(case, staff, **fields) -> Perpetrator:
    fields = {"name": "Kiln owner", "roles": ["exploiter"], **fields}
    return record.save_perpetrator(perpetrator=Perpetrator(case=case, **fields), by=staff.user)


def shared_case(owner, desk, to, sections) -> Case:
    case = open_case(owner, full_name="Shared Person", consent_share_coalition=True)
    services.offer_share(case=case, by=owner.user, organization=to, sections=sections, key="t:1")
    services.open_share(key="t:1", by=desk.user)
    return case


# Validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("35202-1234567-1", True),  # Punjab
        ("4210112345671", True),  # Sindh, without dashes
        ("71234-1234567-1", True),  # Gilgit-Baltistan
        ("81234-1234567-1", True),  # Azad Jammu and Kashmir
        ("91234-1234567-1", False),
        ("01234-1234567-1", False),
    ],
)
def test_a_cnic_must_start_with_a_province_digit_from_1_to_8(value, ok):
    if ok:
        assert validate_cnic(value)[5] == "-"
    else:
        with pytest.raises(ValidationError) as refused:
            validate_cnic(value)
        assert refused.value.code == "invalid_cnic_province"


def test_identity_document_numbers_are_checked_by_their_type():
    assert validate_identity_document("b_form", "3520212345671", "PK") == "35202-1234567-1"
    assert validate_identity_document("passport", "ab 123 4567", "PK") == "AB1234567"
    assert validate_identity_document("por_card", "PoR-00123", "AF") == "PoR-00123"
    with pytest.raises(ValidationError):
        validate_identity_document("nicop", "91234-1234567-1", "PK")
    with pytest.raises(ValidationError):
        validate_identity_document("passport", "12", "PK")


def test_the_case_form_refuses_a_cnic_with_no_province_digit(as_user, caseworker_a, case_a):
    from .conftest import edit_data

    response = as_user(caseworker_a).post(
        f"/cases/{case_a.pk}/edit/", edit_data(case_a, cnic="91234-1234567-1")
    )
    assert "for the province that issued it" in response.content.decode()
    assert Case.objects.with_scopes_disabled().get(pk=case_a.pk).cnic == "35202-1234567-1"


# Perpetrators -------------------------------------------------------------------------------


def test_an_owner_records_a_perpetrator_whose_identifiers_stay_out_of_history_and_log(
    as_user, caseworker_a, case_a
):
    client = as_user(caseworker_a)
    data = {**PERPETRATOR, "cnic": "3420112345671", "phone": "0300 1112223"}
    response = client.post(f"/cases/{case_a.pk}/record/perpetrators/new/", data)
    assert response.status_code == 302
    saved = rows(Perpetrator).get(case=case_a)
    assert (saved.cnic, saved.phone) == ("34201-1234567-1", "+923001112223")
    assert saved.roles == ["agent", "recruiter"]
    assert saved.organization_id == caseworker_a.organization_id
    logged = AccessLog.objects.get(verb="case.perpetrator_added")
    history = CaseChange.objects.with_scopes_disabled().filter(case=case_a)
    for text in (str(logged.details), *(f"{c.old} {c.new}" for c in history)):
        assert "1234567" not in text and "1112223" not in text
    page = client.get(f"/cases/{case_a.pk}/record/").content.decode()
    assert "Agent in Gujrat" in page and "34201-1234567-1" in page


def test_a_perpetrator_needs_a_role_and_a_valid_cnic(as_user, caseworker_a, case_a):
    client = as_user(caseworker_a)
    url = f"/cases/{case_a.pk}/record/perpetrators/new/"
    no_role = client.post(url, {**PERPETRATOR, "roles": []})
    assert no_role.status_code == 200 and no_role.context["form"].errors["roles"]
    bad_cnic = client.post(url, {**PERPETRATOR, "cnic": "91234-1234567-1"})
    assert "for the province that issued it" in bad_cnic.content.decode()
    assert not rows(Perpetrator).exists()


def test_an_outsider_gets_404_on_every_page_of_the_record(
    as_user, caseworker_a, supervisor_b, case_a
):
    perpetrator = perpetrator_of(case_a, caseworker_a)
    proceeding = services.save_proceeding(
        proceeding=LegalProceeding(case=case_a, authority="police", law="ptpa_2018"),
        by=caseworker_a.user,
    )
    client = as_user(supervisor_b)
    c = case_a.pk
    for url in (
        f"/cases/{c}/record/",
        f"/cases/{c}/record/perpetrators/new/",
        f"/cases/{c}/record/perpetrators/{perpetrator.pk}/",
        f"/cases/{c}/record/perpetrators/{perpetrator.pk}/network/",
        f"/cases/{c}/record/events/new/",
        f"/cases/{c}/record/smuggling/",
        f"/cases/{c}/record/identity/new/",
        f"/cases/{c}/legal/{proceeding.pk}/accused/new/",
        f"/cases/{c}/police-summary/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, PERPETRATOR).status_code == 404, url
    assert not Perpetrator.objects.visible_to(supervisor_b.user).exists()


def test_perpetrators_and_events_are_shared_with_the_exploitation_section_only(
    as_user, caseworker_a, supervisor_b, desk_b, org_b
):
    without = shared_case(caseworker_a, desk_b, org_b, ["survivor", "needs"])
    perpetrator_of(without, caseworker_a, cnic="35202-7654321-1")
    client = as_user(supervisor_b)
    assert client.get(f"/cases/{without.pk}/record/").status_code == 404
    assert not Perpetrator.objects.visible_to(supervisor_b.user).exists()

    other = open_case(caseworker_a, full_name="Second Person", consent_share_coalition=True)
    services.offer_share(
        case=other, by=caseworker_a.user, organization=org_b, sections=["exploitation"], key="t:2"
    )
    services.open_share(key="t:2", by=desk_b.user)
    mine = perpetrator_of(other, caseworker_a, cnic="35202-7654321-1")
    record.save_event(
        event=CaseEvent(case=other, kind="recruitment", started_on=date(2025, 5, 1),
                        district="Kasur", channel="facebook"),
        by=caseworker_a.user,
    )  # fmt: skip
    page = client.get(f"/cases/{other.pk}/record/").content.decode()
    forget_access(supervisor_b.user)
    assert "Kiln owner" in page and "Facebook" in page
    assert "7654321" not in page  # identifiers only with full access
    assert set(Perpetrator.objects.visible_to(supervisor_b.user)) == {mine}
    # The receiver adds its own and changes only its own.
    added = client.post(f"/cases/{other.pk}/record/perpetrators/new/", PERPETRATOR)
    assert added.status_code == 302
    theirs = rows(Perpetrator).get(case=other, organization=org_b)
    assert client.get(f"/cases/{other.pk}/record/perpetrators/{theirs.pk}/").status_code == 200
    assert client.get(f"/cases/{other.pk}/record/perpetrators/{mine.pk}/").status_code == 404
    mine.name = "changed"
    with pytest.raises(PermissionDenied):
        record.save_perpetrator(perpetrator=mine, by=supervisor_b.user)


def test_perpetrators_link_across_cases_of_one_organisation_only(
    as_user, caseworker_a, caseworker_b, supervisor_a
):
    first = open_case(caseworker_a, full_name="First Person")
    second = open_case(caseworker_a, full_name="Second Person")
    elsewhere = open_case(caseworker_b, full_name="Other Org Person")
    agent = perpetrator_of(first, caseworker_a, name="Agent Rashid")
    same = perpetrator_of(second, caseworker_a, name="Rashid")
    foreign = perpetrator_of(elsewhere, caseworker_b, name="Rashid the agent")

    with pytest.raises(ValidationError):
        record.link_perpetrators(perpetrator=same, same_as=foreign, by=caseworker_a.user)
    with pytest.raises(ValidationError):  # not even from the other side
        record.link_perpetrators(perpetrator=foreign, same_as=agent, by=caseworker_b.user)
    client = as_user(caseworker_a)
    network = f"/cases/{second.pk}/record/perpetrators/{same.pk}/network/"
    offered = client.get(network).context["form"].fields["same_as"].queryset
    assert set(offered) == {agent}
    assert client.post(network, {"same_as": agent.pk}).status_code == 302
    assert rows(Perpetrator).get(pk=same.pk).same_as_id == agent.pk
    page = client.get(f"/cases/{first.pk}/record/perpetrators/{agent.pk}/network/")
    assert [p.case_id for p in page.context["linked"]] == [second.pk]
    assert elsewhere.number not in page.content.decode()


# Events, smuggling, identity documents -------------------------------------------------------


def test_an_event_is_dated_to_the_month_and_placed(caseworker_a, case_a):
    event = record.save_event(
        event=CaseEvent(case=case_a, kind="exploitation", started_on=date(2025, 6, 17),
                        precision="month", country="SA", city="Riyadh",
                        sexual_exploitation="prostitution", ended_on=date(2025, 12, 1)),
        by=caseworker_a.user,
    )  # fmt: skip
    assert event.started_on == date(2025, 6, 1)
    assert event.duration_days == 183


@pytest.mark.parametrize(
    ("fields", "error_on"),
    [
        ({"ended_on": date(2025, 1, 1)}, "ended_on"),
        ({"kind": "transit", "sexual_exploitation": "pornography"}, "sexual_exploitation"),
        ({"district": ""}, "district"),
        ({"country": "IR", "district": ""}, "city"),
        ({"documents": ["passport"]}, "documents_genuineness"),
        ({"means": ["not_a_means"]}, "means"),
    ],
)
def test_an_event_that_does_not_add_up_is_refused(caseworker_a, case_a, fields, error_on):
    values = {"kind": "exploitation", "started_on": date(2025, 3, 1), "district": "Kasur"}
    with pytest.raises(ValidationError) as refused:
        record.save_event(
            event=CaseEvent(case=case_a, **{**values, **fields}), by=caseworker_a.user
        )
    assert error_on in refused.value.message_dict
    assert not rows(CaseEvent).exists()


def test_an_event_with_its_perpetrators_opens_and_saves_from_its_page(
    as_user, caseworker_a, case_a
):
    agent = perpetrator_of(case_a, caseworker_a, name="Agent in Gujrat")
    owner = perpetrator_of(case_a, caseworker_a, name="Kiln owner")
    event = record.save_event(
        event=CaseEvent(case=case_a, kind="recruitment", started_on=date(2025, 3, 1),
                        district="Kasur"),
        by=caseworker_a.user,
        perpetrators=[agent],
    )  # fmt: skip
    client = as_user(caseworker_a)
    url = f"/cases/{case_a.pk}/record/events/{event.pk}/"

    page = client.get(url)

    assert page.status_code == 200
    assert page.context["form"]["perpetrators"].value() == [agent.pk]
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, [])}
    data.update(started_on="2025-03-01", perpetrators=[owner.pk])
    saved = client.post(url, data)
    assert saved.status_code == 302
    with scopes_disabled():
        assert list(rows(CaseEvent).get(pk=event.pk).perpetrators.all()) == [owner]


def test_a_smuggling_record_is_one_per_case_and_a_death_needs_the_family_contact(
    as_user, caseworker_a, case_a
):
    client = as_user(caseworker_a)
    url = f"/cases/{case_a.pk}/record/smuggling/"
    data = {"fee_amount": "2500000", "fee_paid_by": "property", "destination_country": "IT",
            "transit_countries": ["IR", "TR", "LY"], "modes": ["land", "sea"],
            "intercepted": "on", "fate": "missing"}  # fmt: skip
    refused = client.post(url, data)
    errors = refused.context["form"].errors
    assert "intercepted_by" in errors and "family_contact_name" in errors
    saved = client.post(
        url, {**data, "intercepted_by": "coast_guard", "family_contact_name": "Brother",
              "family_contact_phone": "0301 2223334"}
    )  # fmt: skip
    assert saved.status_code == 302
    smuggling = rows(SmugglingRecord).get(case=case_a)
    assert smuggling.transit_countries == ["IR", "TR", "LY"]
    assert smuggling.family_contact_phone == "+923012223334"
    with pytest.raises(ValidationError):
        record.save_smuggling_record(record=SmugglingRecord(case=case_a), by=caseworker_a.user)
    assert "2223334" not in str(AccessLog.objects.filter(case_id=case_a.pk).values("details"))


def test_identity_documents_are_the_owners_and_their_numbers_are_checked(
    as_user, caseworker_a, case_a
):
    client = as_user(caseworker_a)
    url = f"/cases/{case_a.pk}/record/identity/new/"
    bad = client.post(
        url, {"doc_type": "b_form", "document_number": "812", "issuing_country": "PK"}
    )
    assert bad.status_code == 200 and not rows(IdentityDocument).exists()
    good = client.post(
        url, {"doc_type": "por_card", "document_number": "PoR-778899", "issuing_country": "AF"}
    )
    assert good.status_code == 302
    document = rows(IdentityDocument).get()
    assert (document.doc_type, document.issuing_country) == ("por_card", "AF")
    history = CaseChange.objects.with_scopes_disabled().filter(case=case_a)
    assert all("778899" not in f"{c.old}{c.new}" for c in history)


def test_a_receiver_with_the_contact_section_sees_the_document_type_not_its_number(
    as_user, caseworker_a, supervisor_b, desk_b, org_b
):
    case = shared_case(caseworker_a, desk_b, org_b, ["contact"])
    record.save_identity_document(
        document=IdentityDocument(case=case, doc_type="passport", document_number="AB1234567"),
        by=caseworker_a.user,
    )
    page = as_user(supervisor_b).get(f"/cases/{case.pk}/record/").content.decode()
    assert "Passport" in page and "AB1234567" not in page


def test_the_record_page_makes_a_fixed_number_of_queries(
    as_user, caseworker_a, case_a, django_assert_max_num_queries
):
    client = as_user(caseworker_a)
    url = f"/cases/{case_a.pk}/record/"

    def add(n):
        p = perpetrator_of(case_a, caseworker_a, name=f"P{n}")
        record.save_event(
            event=CaseEvent(case=case_a, kind="transit", started_on=date(2025, n + 1, 1),
                            district="Quetta"),
            by=caseworker_a.user, perpetrators=[p],
        )  # fmt: skip

    add(0)
    client.get(url)
    with django_assert_max_num_queries(RECORD_PAGE_QUERIES) as one:
        assert client.get(url).status_code == 200
    add(1)
    add(2)
    with django_assert_max_num_queries(RECORD_PAGE_QUERIES) as three:
        client.get(url)
    assert len(three) == len(one)


# Legal ---------------------------------------------------------------------------------------


@pytest.fixture
def proceeding_a(caseworker_a, case_a):
    return services.save_proceeding(
        proceeding=LegalProceeding(
            case=case_a, authority="fia", law="ptpa_2018", stage="fir", fir_number="7/2026"
        ),
        by=caseworker_a.user,
    )


def test_an_accused_is_charged_under_sections_and_linked_to_a_perpetrator(
    as_user, caseworker_a, case_a, proceeding_a
):
    agent = perpetrator_of(case_a, caseworker_a, name="Agent Rashid")
    client = as_user(caseworker_a)
    url = f"/cases/{case_a.pk}/legal/{proceeding_a.pk}/accused/new/"
    data = {"perpetrator": agent.pk, "name": "Rashid", "sections": ["ptpa_3", "ppc_370"],
            "bail": "granted", "verdict": "pending"}  # fmt: skip
    early_sentence = client.post(url, {**data, "sentence_months": "24"})
    assert early_sentence.context["form"].errors["sentence_months"]
    assert client.post(url, data).status_code == 302
    accused = rows(Accused).get()
    assert (accused.perpetrator, accused.sections) == (agent, ["ptpa_3", "ppc_370"])
    edit = f"/cases/{case_a.pk}/legal/{proceeding_a.pk}/accused/{accused.pk}/"
    overpaid = client.post(
        edit, {**data, "verdict": "conviction", "sentence_months": "84", "fine_amount": "500000",
               "compensation_ordered": "200000", "compensation_paid": "300000"}
    )  # fmt: skip
    assert overpaid.context["form"].errors["compensation_paid"]
    client.post(
        edit, {**data, "verdict": "conviction", "sentence_months": "84", "fine_amount": "500000",
               "compensation_ordered": "200000", "compensation_paid": "50000",
               "appeal": "pending"}
    )  # fmt: skip
    accused.refresh_from_db()
    assert (accused.sentence_months, accused.compensation_paid, accused.appeal) == (
        84, 50000, "pending"
    )  # fmt: skip
    page = client.get(f"/cases/{case_a.pk}/legal/{proceeding_a.pk}/").content.decode()
    assert "PPC 370" in page


def test_an_accused_cannot_be_tied_to_another_cases_perpetrator(caseworker_a, case_a, proceeding_a):
    other = perpetrator_of(open_case(caseworker_a, full_name="Other"), caseworker_a)
    with pytest.raises(ValidationError):
        record.save_accused(
            accused=Accused(case=case_a, proceeding=proceeding_a, name="X", perpetrator=other),
            by=caseworker_a.user,
        )


def test_a_hearing_result_is_recorded_on_the_form(as_user, caseworker_a, case_a, proceeding_a):
    client = as_user(caseworker_a)
    client.post(
        f"/cases/{case_a.pk}/legal/{proceeding_a.pk}/",
        {"add_hearing": "1", "hearing-date": "2026-01-10", "hearing-purpose": "Bail",
         "hearing-result": "Bail refused; next date given"},
    )  # fmt: skip
    hearing = proceeding_a.hearings.model.objects.with_scopes_disabled().get()
    assert hearing.result == "Bail refused; next date given"
    page = client.get(f"/cases/{case_a.pk}/legal/{proceeding_a.pk}/").content.decode()
    assert "Bail refused" in page


def test_the_proceeding_form_offers_fia_circles_and_police_stations(as_user, caseworker_a, case_a):
    page = as_user(caseworker_a).get(f"/cases/{case_a.pk}/legal/").content.decode()
    assert "<datalist" in page
    assert "FIA Anti-Human Trafficking Circle, Lahore" in page


def test_the_police_summary_needs_consent_and_is_logged(as_user, caseworker_a, case_a):
    client = as_user(caseworker_a)
    url = f"/cases/{case_a.pk}/police-summary/"
    assert client.post(url).status_code == 409
    assert not AccessLog.objects.filter(verb="case.police_summary").exists()
    record_consent(
        case=case_a, by=caseworker_a.user, kind="given", record=True, share_law_enforcement=True
    )
    assert client.get(url).status_code == 200  # asks first, logs nothing
    assert not AccessLog.objects.filter(verb="case.police_summary").exists()
    summary = client.post(url)
    assert summary.status_code == 200
    assert "35202-1234567-1" in summary.content.decode()
    assert AccessLog.objects.filter(verb="case.police_summary", case_id=case_a.pk).count() == 1
    record_consent(case=case_a, by=caseworker_a.user, kind="withdrawn")
    assert client.post(url).status_code == 409


# Migrant smuggling is a crime, not an exploitation type --------------------------------------


def test_the_migration_moves_smuggling_from_exploitation_types_to_the_case_type(caseworker_a):
    from importlib import import_module

    migration = import_module("cases.migrations.0011_smuggling_is_a_case_type")
    only = open_case(caseworker_a, full_name="Only Smuggled")
    both = open_case(caseworker_a, full_name="Smuggled And Exploited")
    facets = rows(CaseFacet)
    facets.create(case=only, facet="exploitation", value="migrant_smuggling")
    facets.create(case=both, facet="exploitation", value="migrant_smuggling")
    facets.create(case=both, facet="exploitation", value="forced_labour")

    with scopes_disabled():
        migration.move_to_case_type(django_apps, None)
    cases = Case.objects.with_scopes_disabled()
    assert cases.get(pk=only.pk).case_type == "migrant_smuggling"
    assert cases.get(pk=both.pk).case_type == "both"
    assert not facets.filter(value="migrant_smuggling").exists()

    with scopes_disabled():
        migration.back_to_exploitation_type(django_apps, None)
    assert set(facets.filter(value="migrant_smuggling").values_list("case_id", flat=True)) == {
        only.pk,
        both.pk,
    }


def test_the_case_form_no_longer_offers_smuggling_as_an_exploitation_type(
    as_user, caseworker_a, case_a
):
    form = as_user(caseworker_a).get(f"/cases/{case_a.pk}/edit/").context["form"]
    values = [value for value, _label in form.fields["exploitation_types"].choices]
    assert "migrant_smuggling" not in values and "bonded_labour" in values
    assert "migrant_smuggling" in [value for value, _l in form.fields["case_type"].choices]


# Demo data ------------------------------------------------------------------------------------


def test_demo_cases_follow_pakistans_pattern_and_carry_the_full_record(org_a, org_b, caseworker_a):
    from collections import Counter

    from cases.demo import create_cases

    assert create_cases(count=600, seed=7) == 600
    assert create_cases(count=600, seed=7) == 0  # idempotent
    types = Counter(rows(CaseFacet).filter(facet="exploitation").values_list("value", flat=True))
    assert "migrant_smuggling" not in types
    assert types["bonded_labour"] > types["forced_begging"] > types["organ_removal"]
    assert types["domestic_servitude"] > 5 * types["organ_removal"]
    provinces = Counter(
        Case.objects.with_scopes_disabled().values_list("origin_province", flat=True)
    )
    assert provinces["punjab"] > provinces["sindh"] > provinces["balochistan"]
    for cnic in Case.objects.with_scopes_disabled().exclude(cnic="").values_list("cnic", flat=True):
        validate_cnic(cnic)
    smuggling_cases = Case.objects.with_scopes_disabled().exclude(case_type="trafficking")
    assert rows(SmugglingRecord).count() == smuggling_cases.count() > 0
    assert rows(Perpetrator).exists() and rows(CaseEvent).exists()


def test_a_receiver_without_the_exploitation_section_cannot_reach_perpetrators_through_legal(
    as_user, caseworker_a, supervisor_b, desk_b, org_b
):
    case = shared_case(caseworker_a, desk_b, org_b, ["legal"])
    hidden = perpetrator_of(case, caseworker_a, name="Hidden Agent")
    theirs = services.save_proceeding(
        proceeding=LegalProceeding(case=case, authority="police", law="ptpa_2018"),
        by=supervisor_b.user,
    )
    page = as_user(supervisor_b).get(f"/cases/{case.pk}/legal/{theirs.pk}/accused/new/")
    assert list(page.context["form"].fields["perpetrator"].queryset) == []
    assert "Hidden Agent" not in page.content.decode()
    with pytest.raises(ValidationError):
        record.save_accused(
            accused=Accused(case=case, proceeding=theirs, name="X", perpetrator=hidden),
            by=supervisor_b.user,
        )
    assert not rows(Accused).exists()


def test_the_result_of_a_hearing_already_on_the_calendar_is_recorded(
    as_user, caseworker_a, supervisor_b, case_a, proceeding_a
):
    hearing = services.add_hearing(
        proceeding=proceeding_a, by=caseworker_a.user, on=date(2026, 1, 5), purpose="Charge"
    )
    url = f"/cases/{case_a.pk}/legal/{proceeding_a.pk}/hearings/{hearing.pk}/result/"
    assert as_user(supervisor_b).post(url, {"result": "x"}).status_code == 404
    response = as_user(caseworker_a).post(url, {"result": "Charge framed; witnesses next"})
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.result == "Charge framed; witnesses next"
    assert AccessLog.objects.filter(verb="case.hearing_result", case_id=case_a.pk).exists()
