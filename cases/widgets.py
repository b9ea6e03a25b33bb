"""Form widgets of the case forms."""

from django import forms
from django.utils.html import format_html, format_html_join


class DatalistInput(forms.TextInput):
    """A text input offering a list of suggestions (an HTML datalist): pick one, or type."""

    def __init__(self, options, attrs=None):
        super().__init__(attrs)
        self.options = options

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or name}-options"
        attrs = {**(attrs or {}), "list": list_id}
        options = format_html_join("", '<option value="{}">', ((str(o),) for o in self.options))
        return format_html(
            '{}<datalist id="{}">{}</datalist>',
            super().render(name, value, attrs, renderer),
            list_id,
            options,
        )
