"""The full record's pages in a real browser: on a 360 px phone in English and Urdu, no sideways
scrolling, and no serious accessibility violation."""

from datetime import date

import pytest

from cases.models import CaseEvent, Perpetrator, SmugglingRecord
from cases.services import record
from members.roles import Role
from tests.factories import make_staff

from .test_browser import PHONE, WIDEST, axe_violations, describe, expect, open_full_case, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def record_of(staff):
    case = open_full_case(staff)
    agent = record.save_perpetrator(
        perpetrator=Perpetrator(case=case, name="Agent from Gujrat with a very long description",
                                roles=["agent", "recruiter", "transporter"],
                                cnic="34201-1234567-1"),
        by=staff.user,
    )  # fmt: skip
    record.save_event(
        event=CaseEvent(case=case, kind="recruitment", started_on=date(2025, 4, 1),
                        precision="month", district="Mandi Bahauddin", channel="job_portal",
                        channel_name="A job portal with a long name for overseas work",
                        documents=["passport", "visa", "work_permit"],
                        documents_genuineness="obtained_by_fraud"),
        by=staff.user, perpetrators=[agent],
    )  # fmt: skip
    record.save_smuggling_record(
        record=SmugglingRecord(case=case, fee_amount=2_500_000, transit_countries=["IR", "TR"],
                               modes=["land", "sea"], route="Quetta, Taftan, Tehran, Van"),
        by=staff.user,
    )  # fmt: skip
    return case, agent


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_record_pages_fit_a_phone_and_are_accessible(new_page, org_a, axe_source, lang):
    staff = make_staff(org_a, Role.CASEWORKER, "record-phone", language=lang)
    case, agent = record_of(staff)
    page = new_page(viewport=PHONE, bypass_csp=True)
    sign_in(page, staff)
    found = {}
    for path in [
        f"/cases/{case.pk}/record/",
        f"/cases/{case.pk}/record/perpetrators/{agent.pk}/",
        f"/cases/{case.pk}/record/perpetrators/{agent.pk}/network/",
        f"/cases/{case.pk}/record/events/new/",
        f"/cases/{case.pk}/record/smuggling/",
        f"/cases/{case.pk}/record/identity/new/",
        f"/cases/{case.pk}/legal/",
    ]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        layout = page.evaluate(WIDEST)
        assert layout["scrollWidth"] <= PHONE["width"], (lang, path, layout)
        violations = axe_violations(page, axe_source)
        if violations:
            found[path] = violations
    assert not found, f"axe-core, serious or critical ({lang}):\n{describe(found)}"
