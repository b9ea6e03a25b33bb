"""The helpline desk on a 360 px phone, in Urdu: a call logged, a case opened from it, and the
case referred for free legal aid."""

import re

import pytest
from django.utils import translation

from cases.helpline.forms import CallForm, CallIntakeForm
from cases.helpline.models import HelplineCall
from cases.models import Case
from members.models import Service, ServiceOffering
from members.roles import Role
from referrals.models import Referral
from tests.factories import make_staff

from .test_browser import PHONE, WIDEST, label, sign_in, ur

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
).expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def urdu_form(form_class) -> tuple[dict, dict]:
    """The form's labels and choice texts as an Urdu reader sees them."""
    with translation.override("ur"):
        fields = form_class().fields
        labels = {name: str(field.label) for name, field in fields.items()}
        choices = {
            name: {value: str(text) for value, text in getattr(field, "choices", [])}
            for name, field in fields.items()
        }
    return labels, choices


def fits_the_phone(page) -> None:
    widest = page.evaluate(WIDEST)
    assert widest["scrollWidth"] <= widest["width"], (page.url, widest["out"])


def test_a_helpline_desk_logs_a_call_opens_a_case_and_refers_it_for_legal_aid_in_urdu(
    new_page, page_errors, secretariat, org_b
):
    desk = make_staff(secretariat, Role.HELPLINE_DESK, "helpline", language="ur")
    legal_aid = Service.objects.get(code="legal_aid")
    ServiceOffering.objects.create(organization=org_b, service=legal_aid, province="punjab")
    make_staff(org_b, Role.REFERRAL_DESK, "las-desk")

    page = new_page(viewport=PHONE)
    page.goto("/accounts/login/")
    page.get_by_role("button", name="اردو").click()
    sign_in(page, desk)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # The call, in under a minute: who, what they asked, what was done, where.
    log_a_call = ur("Log a call")
    assert log_a_call != "Log a call", "no Urdu translation: is the catalogue compiled?"
    page.get_by_role("link", name=log_a_call).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(log_a_call)
    fits_the_phone(page)
    labels, choices = urdu_form(CallForm)
    page.get_by_role("group", name=labels["caller_type"]).get_by_label(
        choices["caller_type"]["family"], exact=True
    ).check()
    page.get_by_label(label(labels["language"])).select_option("ur")
    page.get_by_role("group", name=labels["request"]).get_by_label(
        choices["request"]["legal_aid"], exact=True
    ).check()
    page.get_by_role("group", name=labels["outcome"]).get_by_label(
        choices["outcome"]["referred"], exact=True
    ).check()
    page.get_by_label(label(labels["province"])).select_option("punjab")
    page.get_by_label(label(labels["district"])).fill("قصور")
    page.get_by_label(label(labels["duration_minutes"])).fill("6")
    page.get_by_role("button", name=ur("Save and open a case")).click()

    call = HelplineCall.objects.with_scopes_disabled().get()
    expect(page).to_have_url(re.compile(rf"/helpline/{call.pk}/case/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ur("Open a case from a call"))
    fits_the_phone(page)
    labels, choices = urdu_form(CallIntakeForm)
    # The call's answers are there already.
    expect(page.get_by_label(label(labels["current_location"]))).to_have_value(re.compile("قصور"))
    page.get_by_label(label(labels["full_name"])).fill("نسیم اختر")
    page.get_by_label(label(labels["sex"])).select_option("female")
    page.get_by_label(label(labels["summary"])).fill("شوہر کے خلاف مقدمے کے لیے وکیل چاہیے")
    page.get_by_role("group", name=labels["consent_record"]).get_by_label(
        choices["consent_record"]["yes"], exact=True
    ).check()
    page.get_by_role("group", name=labels["consent_share_coalition"]).get_by_label(
        choices["consent_share_coalition"]["yes"], exact=True
    ).check()
    page.get_by_role("button", name=ur("Open the case")).click()

    case = Case.objects.with_scopes_disabled().get()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    assert case.organization == secretariat and case.full_name == "نسیم اختر"
    call.refresh_from_db()
    assert call.case_id == case.pk
    fits_the_phone(page)

    # Referred on, for free legal aid, to a member that offers it.
    page.get_by_role("link", name=ur("Refer to another organisation")).click()
    page.locator("select[name=service]").select_option(str(legal_aid.pk))
    page.get_by_role("button", name=ur("Next: choose an organisation")).click()
    page.locator("select[name=to_organization]").select_option(str(org_b.pk))
    page.locator("select[name=urgency]").select_option("urgent")
    page.locator("textarea[name=reason]").fill("ایف آئی آر کے لیے مفت قانونی مدد")
    page.get_by_role("button", name=ur("Preview what they will see")).click()
    send = page.get_by_role("button", name=ur("Send the referral"))
    expect(send).to_be_visible()  # the preview has loaded: measured, not the page it left
    fits_the_phone(page)
    send.click()
    expect(page).to_have_url(re.compile(r"/referrals/\d+/$"))
    referral = Referral.objects.with_scopes_disabled().get()
    assert (referral.from_organization, referral.to_organization) == (secretariat, org_b)
    assert referral.service == legal_aid and referral.case == case
    fits_the_phone(page)
    assert not page_errors
