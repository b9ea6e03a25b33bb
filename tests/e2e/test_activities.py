"""In a real browser: a member records an awareness walk with its participants on a 360 px phone
in Urdu, and the secretariat finds it in the quarter's donor report."""

import re

import pytest
from django.utils import timezone, translation

from coalition.activities.forms import ActivityForm
from coalition.activities.models import Activity
from members.roles import Role
from tests.factories import make_staff

from .test_browser import PHONE, WIDEST, axe_violations, describe, label, sign_in, ur

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
).expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_records_a_walk_on_a_phone_in_urdu_and_the_secretariat_sees_it_in_the_report(
    new_page, page_errors, csp_refusals, org_a, secretariat
):
    member = make_staff(org_a, Role.CASEWORKER, "ayesha", first_name="Ayesha", language="ur")
    page = new_page(viewport=PHONE)
    sign_in(page, member)
    expect(page.locator("html")).to_have_attribute("lang", "ur")

    page.get_by_role("navigation", name=ur("Main")).get_by_role(
        "link", name=ur("Activities")
    ).click()
    page.get_by_role("link", name=ur("Record an activity")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ur("Record an activity"))
    layout = page.evaluate(WIDEST)
    assert layout["scrollWidth"] <= PHONE["width"], layout

    with translation.override("ur"):
        fields = ActivityForm(organization=org_a).fields
        labels = {name: str(field.label) for name, field in fields.items()}
        walk = str(dict(fields["kind"].choices)["awareness_walk"])
        punjab = str(dict(fields["province"].choices)["punjab"])
    today = timezone.localdate()
    page.get_by_label(label(labels["kind"])).select_option(label=walk)
    page.get_by_label(label(labels["title"])).fill("آگاہی واک، جہلم")
    page.get_by_label(label(labels["starts_on"])).fill(today.isoformat())
    page.get_by_label(label(labels["province"])).select_option(label=punjab)
    page.get_by_label(label(labels["district"])).fill("جہلم")
    page.get_by_label(ur("Trafficking in persons")).check()
    community = page.get_by_role("group", name=ur("Community members"))
    community.get_by_label(re.compile(ur("Women and girls"))).fill("25")
    community.get_by_label(re.compile(ur("Men and boys"))).fill("30")
    community.get_by_label(re.compile(ur("Transgender persons"))).fill("4")
    page.get_by_role("group", name=ur("Police")).get_by_label(re.compile(ur("Men and boys"))).fill(
        "6"
    )
    page.get_by_role("button", name=ur("Save")).click()

    activity = Activity.objects.get()
    expect(page).to_have_url(re.compile(rf"/activities/{activity.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("آگاہی واک، جہلم")
    assert page.evaluate(WIDEST)["scrollWidth"] <= PHONE["width"]
    assert (activity.organization, activity.kind, activity.province) == (
        org_a, "awareness_walk", "punjab"
    )  # fmt: skip
    assert sum(row.total for row in activity.participation.all()) == 65

    analyst = make_staff(secretariat, Role.SECRETARIAT_ANALYST, "analyst-e2e", language="en")
    desk = new_page()
    sign_in(desk, analyst)
    desk.get_by_role("navigation", name="Main").get_by_role("link", name="Donor report").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Activities report for donors")
    # One walk: 25 women, 30 + 6 men, 4 transgender persons, 65 people.
    for figure, row in (("by_kind", "Awareness walk"), ("by_province", "Punjab")):
        cells = desk.locator(f"#figure-{figure}").get_by_role("row", name=re.compile(f"^{row}"))
        expect(cells.get_by_role("cell")).to_have_text(["1", "25", "36", "4", "65"])
    assert not page_errors and not csp_refusals


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_activity_pages_are_accessible_and_fit_a_phone(
    new_page, org_a, secretariat, axe_source, lang
):
    from coalition.activities import services

    member = make_staff(org_a, Role.SUPERVISOR, "member", language=lang)
    analyst = make_staff(secretariat, Role.SECRETARIAT_ANALYST, "analyst", language=lang)
    walk = services.record_activity(
        by=member.user, kind="awareness_walk", title="Awareness walk, Multan",
        starts_on=timezone.localdate(), province="punjab", district="Multan",
        participants={"community": {"female": 12, "male": 9}, "survivors": {"female": 2}},
    )  # fmt: skip
    found: dict[str, list[dict]] = {}
    for staff, paths in [
        (member, ["/activities/", "/activities/new/", f"/activities/{walk.pk}/",
                  "/activities/calendar/", "/activities/stakeholders/", "/activities/funding/"]),
        (analyst, ["/activities/donor-report/"]),
    ]:  # fmt: skip
        page = new_page(bypass_csp=True, viewport=PHONE)
        page.goto("/accounts/login/")
        if lang == "ur":
            page.get_by_role("button", name="اردو").click()
        sign_in(page, staff)
        for path in paths:
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", lang)
            violations = axe_violations(page, axe_source)
            if violations:
                found[path] = violations
            widest = page.evaluate(WIDEST)
            assert widest["scrollWidth"] <= widest["width"], (path, widest["out"])
    assert not found, f"axe-core, serious or critical ({lang}):\n{describe(found)}"
