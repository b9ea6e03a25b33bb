"""Forms whose fields render in Python rather than through a template each.

Django renders a field group, its label, its widget and every option of a select through a
template of its own. A list page's filter form is drawn on every request, and for a form of a
few selects that was half of the page's CPU. `PlainRenderedForm` draws the same markup (label,
help text, errors, widget) directly, for the widgets filter forms use: text inputs, selects and
checkboxes, and the case page's date input. A field with any other widget, or one shown as a
fieldset, is rendered by Django as before.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


class PlainSelect(forms.Select):
    """A single select; choices in groups are left to Django's template."""

    def render(self, name, value, attrs=None, renderer=None):
        if any(isinstance(label, list | tuple) for _value, label in self.choices):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        rows = []
        for option_value, label in self.choices:
            shown = "" if option_value is None else str(option_value)
            selected = shown in wanted
            if selected:
                wanted = set()  # as Django: only the first option with the value is selected
            rows.append(
                f'<option value="{escape(shown)}"{" selected" if selected else ""}>'
                f"{escape(str(label))}</option>"
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(rows)),  # noqa: S308 - values and labels escaped above
        )


class PlainInput:
    """Mixed into an input widget: its `<input>` drawn directly, with Django's own context
    (type, name, formatted value, attributes)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', str(widget["value"]))
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            shown,
            flatatt(widget["attrs"]),
        )


class PlainTextInput(PlainInput, forms.TextInput):
    pass


class PlainCheckboxInput(PlainInput, forms.CheckboxInput):
    pass


class PlainDateInput(PlainInput, forms.DateInput):
    """A date input (give it `attrs={"type": "date"}` and an ISO `format`), as on the case page."""


PLAIN_WIDGETS = (PlainSelect, PlainInput)


class PlainBoundField(BoundField):
    def as_field_group(self):
        if self.use_fieldset or not isinstance(self.field.widget, PLAIN_WIDGETS):
            return super().as_field_group()
        help_text = ""
        if self.help_text:
            help_id = format_html(' id="{}_helptext"', self.auto_id) if self.auto_id else ""
            help_text = format_html(
                '<div class="helptext"{}>{}</div>',
                help_id,
                mark_safe(self.help_text),  # noqa: S308 - as Django's template: `|safe`
            )
        return format_html(
            "{}{}{}{}",
            self._plain_label(),
            help_text,
            self.errors or "",
            self.as_widget(),
        )

    def _plain_label(self) -> SafeString:
        """What `label_tag()` gives, without its template."""
        if not self.label:
            return mark_safe("")
        contents = self.label
        suffix = self.field.label_suffix
        if suffix is None:
            suffix = self.form.label_suffix
        # Django's rule: no suffix after a label that ends in punctuation.
        if suffix and contents[-1] not in gettext(":?.!"):
            contents = format_html("{}{}", contents, suffix)
        id_ = self.field.widget.attrs.get("id") or self.auto_id
        id_for_label = self.field.widget.id_for_label(id_) if id_ else None
        if not id_:
            return format_html("{}", contents)
        if not id_for_label:
            return format_html("<label>{}</label>", contents)
        return format_html('<label for="{}">{}</label>', id_for_label, contents)


class PlainRenderedForm(forms.Form):
    """A form whose text, select and checkbox fields render without templates: give its fields
    the Plain* widgets above."""

    bound_field_class = PlainBoundField
