"""The app in a real browser: a caseworker's first intake, in English and in Urdu; accessibility
(axe-core) of the main pages in both languages; no sideways scrolling on a 360 px phone."""

import re

import pytest
from django.contrib.auth.forms import AuthenticationForm
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from cases import services as case_services
from cases.duplicates import check_identifiers
from cases.forms import QuickIntakeForm
from cases.models import Case
from members.roles import Role
from tests.factories import TEST_PASSWORD, make_staff
from tests.files import PDF

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
).expect

pytestmark = [
    pytest.mark.e2e,
    # live_server needs committed data; serialized_rollback brings back the coalition's
    # organisations (a data migration) after each test's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}


def ur(text: str) -> str:
    with translation.override("ur"):
        return str(translation.gettext(text))


def label(text: str) -> re.Pattern:
    """A form label as shown, whatever punctuation the language puts after it, and with the
    "(required)" a required field's label shows (hidden from screen readers, which read the
    field's own `required`; Playwright matches a label by all its text)."""
    return re.compile(rf"^\s*{re.escape(text)}\s*[:؛]?\s*(\([^)]*\))?\s*$")


def sign_in(page, staff) -> None:
    """Through the sign-in form, in the language it is shown in."""
    if "/accounts/login/" not in page.url:
        page.goto("/accounts/login/")
    with translation.override(page.locator("html").get_attribute("lang")):
        form = AuthenticationForm()
        username, password = str(form.fields["username"].label), str(form.fields["password"].label)
        button = str(translation.gettext("Sign in"))
    page.get_by_label(label(username)).fill(staff.user.username)
    page.get_by_label(label(password)).fill(TEST_PASSWORD)
    page.get_by_role("button", name=button).click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))  # home


def only_case() -> Case:
    return Case.objects.with_scopes_disabled().get()


def first_sahil_number() -> str:
    return f"SAHIL-{timezone.localdate().year}-000001"


# 1 and 2: a caseworker who has never seen the app logs their first intake.


def test_new_caseworker_logs_an_intake_in_english(page, page_errors, org_a):
    staff = make_staff(org_a, Role.CASEWORKER, "nadia", first_name="Nadia", last_name="Aslam")
    sign_in(page, staff)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="New intake").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New intake")
    page.get_by_label(label("How the person reached us")).select_option(label="Helpline call")
    page.get_by_label(label("Name")).fill("Zainab Khan")
    page.get_by_label(label("Sex")).select_option(label="Female")
    page.get_by_label(label("Age (estimated)")).fill("16")
    page.get_by_label(label("Phone")).fill("0300 1234567")
    page.get_by_label(label("Where the person is now")).fill("Kasur")
    page.get_by_label(label("What happened")).fill("Taken to a brick kiln by a relative.")
    page.get_by_label(label("Risk level")).select_option(label="High")
    consent = page.get_by_role("group", name="Does the person agree to us recording their details?")
    consent.get_by_label("Yes", exact=True).check()
    sharing = "Does the person agree to us sharing their case with coalition members?"
    page.get_by_role("group", name=sharing).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Open the case").click()

    case = only_case()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(first_sahil_number())
    assert (case.number, case.full_name, case.phone, case.risk_level) == (
        first_sahil_number(),
        "Zainab Khan",
        "+923001234567",
        "high",
    )
    assert case.consent_record and case.assigned_to == staff
    assert not page_errors


def test_new_caseworker_logs_an_intake_in_urdu(page, page_errors, org_a):
    staff = make_staff(org_a, Role.CASEWORKER, "nadia", first_name="Nadia", last_name="Aslam")
    sign_in(page, staff)

    page.get_by_role("button", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    # The Urdu stylesheet (with the @font-face) may still be on its way when the new page's
    # <html> is there: asked for before it arrives, the browser knows no such font face and
    # answers "none loaded" at once. So: after the page's load, and asked again for a while.
    page.wait_for_load_state("load")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Nastaliq" in font, font
    loaded = page.evaluate(
        """async () => {
            for (let tries = 0; tries < 20; tries++) {
                const faces = await document.fonts.load('1rem "Noto Nastaliq Urdu"', 'اردو');
                if (faces.length) return faces.length;
                await new Promise((wait) => setTimeout(wait, 250));
            }
            return 0;
        }"""
    )
    assert loaded, "the vendored Noto Nastaliq Urdu font did not load"

    new_intake = ur("New intake")
    assert new_intake != "New intake", "no Urdu translation: is the catalogue compiled?"
    page.get_by_role("navigation", name=ur("Main")).get_by_role("link", name=new_intake).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(new_intake)
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"

    with translation.override("ur"):
        fields = QuickIntakeForm().fields
        labels = {name: str(field.label) for name, field in fields.items()}
        choice = {
            name: {value: str(text) for value, text in fields[name].choices}
            for name in (
                "intake_channel",
                "sex",
                "risk_level",
                "consent_record",
                "consent_share_coalition",
            )
        }
    assert labels["full_name"] != "Name"
    page.get_by_label(label(labels["intake_channel"])).select_option(
        label=choice["intake_channel"]["walk_in"]
    )
    page.get_by_label(label(labels["full_name"])).fill("زینب خان")
    page.get_by_label(label(labels["sex"])).select_option(label=choice["sex"]["female"])
    page.get_by_label(label(labels["estimated_age"])).fill("16")
    page.get_by_label(label(labels["phone"])).fill("0300 1234567")
    page.get_by_label(label(labels["current_location"])).fill("قصور")
    page.get_by_label(label(labels["summary"])).fill("ایک رشتہ دار بھٹہ پر لے گیا")
    page.get_by_label(label(labels["risk_level"])).select_option(label=choice["risk_level"]["high"])
    page.get_by_role("group", name=labels["consent_record"]).get_by_label(
        choice["consent_record"]["yes"], exact=True
    ).check()
    page.get_by_role("group", name=labels["consent_share_coalition"]).get_by_label(
        choice["consent_share_coalition"]["no"], exact=True
    ).check()
    page.get_by_role("button", name=ur("Open the case")).click()

    case = only_case()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(first_sahil_number())
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert (case.full_name, case.intake_channel, case.current_location) == (
        "زینب خان",
        "walk_in",
        "قصور",
    )
    assert not page_errors


# 3: accessibility. axe-core's serious and critical findings, on the main pages, in both languages.

RUN_AXE = """async () => {
  await document.fonts.ready;
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
      nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html,
                                  why: n.failureSummary})),
    }));
}"""


def axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(RUN_AXE)


def describe(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(f"{where}: [{v['impact']}] {v['id']}: {v['help']} ({v['url']})")
            for node in v["nodes"][:5]:
                lines.append(f"    {node['target']}  {node['html'][:160]}")
                lines.extend(f"      {line}" for line in node["why"].splitlines())
            if len(v["nodes"]) > 5:
                lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def open_full_case(staff) -> Case:
    case = case_services.open_case(
        organization=staff.organization,
        by=staff.user,
        intake_channel="helpline",
        consent_record=True,
        full_name="Ayesha Bibi",
        alias="Shanno",
        phone="+923001234567",
        cnic="35202-1234567-1",
        estimated_age=17,
        current_location="Lahore",
        summary="Recruited for domestic work in Lahore; wages withheld, not allowed to leave.",
        risk_level="high",
    )
    case_services.add_note(case=case, by=staff.user, text="First call: safe for now.")
    return case


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_main_pages_have_no_serious_accessibility_violations(new_page, org_a, axe_source, lang):
    staff = make_staff(
        org_a, Role.CASEWORKER, "nadia", first_name="Nadia", last_name="Aslam", language=lang
    )
    case = open_full_case(staff)
    # The axe script is injected inline, which the app's Content-Security-Policy rightly forbids.
    page = new_page(bypass_csp=True)
    found: dict[str, list[dict]] = {}

    def check(where: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", lang)
        violations = axe_violations(page, axe_source)
        if violations:
            found[where] = violations

    page.goto("/accounts/login/")
    if lang == "ur":
        page.get_by_role("button", name="اردو").click()
    check("sign-in page")
    sign_in(page, staff)
    for path in [
        "/",
        "/cases/",
        "/cases/new/",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/edit/",
        f"/cases/{case.pk}/consent/",
        f"/cases/{case.pk}/notes/",
        "/members/",
    ]:
        page.goto(path)
        check(path)
    # A form sent back with errors.
    page.goto("/cases/new/")
    page.locator("#case-form").get_by_role("button").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    check("/cases/new/ with errors")

    assert not found, f"axe-core, serious or critical ({lang}):\n{describe(found)}"


# 4: a 360 px phone. Wide tables scroll inside their .table-wrap; the page itself never sideways.

WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".table-wrap, .main-nav, .visually-hidden, .skip-link")) continue;
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) {
      out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
               `${el.className ? "." + String(el.className).split(" ").join(".") : ""}` +
               ` [${Math.round(box.left)}, ${Math.round(box.right)}]`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 15)};
}"""


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_phone_width_has_no_sideways_scrolling(new_page, page_errors, org_a, lang):
    staff = make_staff(
        org_a,
        Role.CASEWORKER,
        "muhammad-abdul-rehman-qureshi",
        first_name="Muhammad Abdul Rehman",
        last_name="Qureshi",
        language=lang,
    )
    case = open_full_case(staff)
    case_services.open_case(
        organization=org_a,
        by=staff.user,
        intake_channel="walk_in",
        consent_record=True,
        full_name="Khadija Parveen Muhammad Siddique Chaudhry",
        next_follow_up=timezone.localdate(),
    )
    page = new_page(viewport=PHONE)
    sign_in(page, staff)
    for path in ["/cases/", "/cases/new/", f"/cases/{case.pk}/"]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        page.evaluate("document.fonts.ready.then(() => true)")
        layout = page.evaluate(WIDEST)
        assert layout["scrollWidth"] <= PHONE["width"], (lang, path, layout)
        assert layout["scrollWidth"] <= layout["width"], (lang, path, layout)
    case_services.add_document(
        case=case,
        by=staff.user,
        uploaded=SimpleUploadedFile("statement.pdf", PDF),
        doc_type="statement",
        description="The survivor's statement to the police, as written down on the day",
        confidential=True,
        content_type="application/pdf",
    )
    page.goto(f"/cases/{case.pk}/documents/")
    layout = page.evaluate(WIDEST)
    assert layout["scrollWidth"] <= PHONE["width"], (lang, "documents", layout)
    download = page.locator(f'a[href^="/cases/{case.pk}/documents/"]').first.bounding_box()
    assert download["x"] >= 0 and download["x"] + download["width"] <= PHONE["width"]
    page.goto("/cases/")
    wrap = page.locator(".table-wrap")
    expect(wrap).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.table-wrap')).overflowX") in (
        "auto",
        "scroll",
    )
    assert not page_errors


# 5: the Content-Security-Policy (default-src 'self') blocks nothing the pages themselves need.


def test_the_content_security_policy_blocks_nothing_on_the_main_pages(page, csp_refusals, org_a):
    staff = make_staff(org_a, Role.CASEWORKER, "nadia")
    case = open_full_case(staff)
    sign_in(page, staff)
    for path in ["/", "/cases/", "/cases/new/", f"/cases/{case.pk}/", f"/cases/{case.pk}/edit/"]:
        page.goto(path)
    page.get_by_role("button", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    assert not csp_refusals


# 6: the same caseworker refers the survivor, and the other organisation accepts.


def test_a_caseworker_refers_and_the_receiving_desk_accepts(new_page, page_errors, org_a, org_b):
    from members.models import Service, ServiceOffering
    from referrals.models import Referral

    legal_aid = Service.objects.get(code="legal_aid")
    ServiceOffering.objects.create(organization=org_b, service=legal_aid, province="punjab")
    caseworker = make_staff(org_a, Role.CASEWORKER, "nadia")
    desk = make_staff(org_b, Role.REFERRAL_DESK, "las-desk")
    case = case_services.open_case(
        organization=org_a,
        by=caseworker.user,
        intake_channel="helpline",
        full_name="Zainab Khan",
        origin_province="punjab",
        consent_record=True,
        consent_share_coalition=True,
    )

    page = new_page()
    sign_in(page, caseworker)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Refer to another organisation").click()
    page.get_by_label(label("Service needed")).select_option(label=legal_aid.name)
    page.get_by_role("button", name="Next: choose an organisation").click()
    page.get_by_label(label("Refer to")).select_option(index=1)
    page.get_by_label(label("Urgency")).select_option(label="Urgent")
    page.get_by_label(label("Why this referral")).fill("Needs a lawyer for the FIR.")
    page.get_by_role("button", name="Preview what they will see").click()
    expect(page.get_by_role("heading", name="As the organisation will see it")).to_be_visible()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_text("Referral sent to LAS")).to_be_visible()
    referral = Referral.objects.with_scopes_disabled().get()
    assert referral.to_organization == org_b

    receiving = new_page()
    sign_in(receiving, desk)
    receiving.get_by_role("navigation", name="Main").get_by_role("link", name="Referrals").click()
    receiving.get_by_role("link", name=case.number).click()
    receiving.get_by_role("button", name="Accept").click()
    expect(receiving.get_by_text("Referral accepted.")).to_be_visible()
    receiving.get_by_role("link", name="Open the shared case file").click()
    expect(receiving.get_by_text("Zainab Khan")).to_be_visible()
    assert page_errors == []


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_reports_and_referrals_pages_are_accessible_and_fit_a_phone(
    new_page, org_a, org_b, secretariat, axe_source, lang
):
    analyst = make_staff(secretariat, Role.SECRETARIAT_ANALYST, "analyst", language=lang)
    desk = make_staff(org_b, Role.REFERRAL_DESK, "desk", language=lang)
    caseworker = make_staff(org_a, Role.CASEWORKER, "nadia", language=lang)
    admin = make_staff(secretariat, Role.SECRETARIAT_ADMIN, "s-admin", language=lang)
    case = open_full_case(caseworker)
    other = make_staff(org_b, Role.CASEWORKER, "other", language=lang)
    check_identifiers(by=other.user, phone=case.phone)  # a possible duplicate for the secretariat
    found: dict[str, list[dict]] = {}
    for staff, paths in [
        (analyst, ["/reports/", "/notifications/"]),
        (desk, ["/referrals/"]),
        (admin, ["/cases/possible-duplicates/"]),
    ]:
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


def test_text_longer_than_a_field_takes_is_refused_with_a_message_not_cut(page, org_a):
    """A browser cuts pasted text at a field's maxlength without a word; the app lifts the
    limit in the browser and its own check says so, keeping all that was typed."""
    staff = make_staff(org_a, Role.CASEWORKER, "nadia", first_name="Nadia", last_name="Aslam")
    sign_in(page, staff)
    page.goto("/cases/new/")
    assert page.locator("input[maxlength], textarea[maxlength]").count() == 0
    where = "Near the brick kiln on the Kasur road, " * 8  # over the field's 200 characters
    page.get_by_label(label("How the person reached us")).select_option(label="Helpline call")
    page.get_by_label(label("Where the person is now")).fill(where)
    page.get_by_role(
        "group", name="Does the person agree to us recording their details?"
    ).get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Open the case").click()
    error = page.get_by_text(
        "Ensure this value has at most 200 characters (it has 311).", exact=True
    )
    expect(error).to_be_visible()  # beside the field (and in the summary above, as a link)
    expect(page.get_by_label(label("Where the person is now"))).to_have_value(where)
    assert not Case.objects.with_scopes_disabled().exists()
