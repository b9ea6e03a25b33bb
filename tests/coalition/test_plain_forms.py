"""The filter form's fields drawn in Python say what Django's templates said."""

from django import forms

from coalition.plain_forms import (
    PlainCheckboxInput,
    PlainDateInput,
    PlainRenderedForm,
    PlainSelect,
    PlainTextInput,
)


class Filters(PlainRenderedForm):
    q = forms.CharField(
        label="Search", required=False, help_text="Name <or> number", widget=PlainTextInput
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any"), ("open", "Open & new"), ("closed", "Closed")],
        widget=PlainSelect,
    )
    overdue = forms.BooleanField(label="Overdue?", required=False, widget=PlainCheckboxInput)


def test_values_and_labels_are_escaped_and_the_chosen_option_selected():
    form = Filters({"q": '"><script>', "status": "open", "overdue": "on"})
    assert form.is_valid()
    q, status, overdue = (str(form[name].as_field_group()) for name in ("q", "status", "overdue"))
    assert '<label for="id_q">Search:</label>' in q
    assert '<div class="helptext" id="id_q_helptext">Name <or> number</div>' in q
    assert 'value="&quot;&gt;&lt;script&gt;"' in q and "<script>" not in q
    assert '<option value="open" selected>Open &amp; new</option>' in status
    assert '<option value="closed">Closed</option>' in status
    assert '<label for="id_overdue">Overdue?</label>' in overdue  # no colon after a "?"
    assert "checked" in overdue


def test_an_invalid_choice_shows_its_error_and_nothing_selected():
    form = Filters({"status": "<b>"})
    assert not form.is_valid()
    status = str(form["status"].as_field_group())
    assert '<ul class="errorlist"' in status
    assert "&lt;b&gt;" in status and "<b>" not in status
    assert "selected" not in status


class FollowUp(PlainRenderedForm):
    on = forms.DateField(
        label="Next follow-up",
        required=False,
        widget=PlainDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class DjangoFollowUp(forms.Form):
    on = forms.DateField(
        label="Next follow-up",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def test_a_date_input_says_what_djangos_template_says():
    from datetime import date

    from django.test.html import parse_html

    for data, initial in ((None, {"on": date(2026, 12, 1)}), ({"on": "not a date"}, None)):
        plain = str(FollowUp(data, initial=initial)["on"].as_field_group())
        django = str(DjangoFollowUp(data, initial=initial)["on"].as_field_group())
        assert parse_html(plain) == parse_html(django)  # the same elements and attributes
    assert 'type="date"' in plain and 'value="not a date"' in plain
