"""Which labels say "(required)": Django's label template (templates/django/forms/label.html)
asks here."""

from django import template

register = template.Library()


@register.filter
def marked_required(field) -> bool:
    """A required field, in a form that also has optional ones: where every field must be
    filled (signing in, a password), saying so on each would be noise."""
    form = field.form
    if not hasattr(form, "_has_optional_fields"):
        form._has_optional_fields = any(
            not f.required for f in form.fields.values() if not f.widget.is_hidden
        )
    return field.field.required and form._has_optional_fields
