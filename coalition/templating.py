"""Django's template backend, whose check for tag libraries sharing a name knows the ones this
project means: `i18n` and `static` are Django's own libraries with `{% translate %}` drawn once
per language and `{% static %}` looked up once per path (coalition/templatetags/
translate_once.py and static_once.py, named in TEMPLATES' `libraries`). Any other clash still
warns."""

from django.template.backends.django import DjangoTemplates as Django

MEANT = {
    "i18n": "coalition.templatetags.translate_once",
    "static": "coalition.templatetags.static_once",
}


def meant(message: str) -> bool:
    return any(
        message.startswith(f"{name!r} is used") and repr(module) in message
        for name, module in MEANT.items()
    )


class DjangoTemplates(Django):
    def _check_for_template_tags_with_the_same_name(self):
        return [
            warning
            for warning in super()._check_for_template_tags_with_the_same_name()
            if not meant(warning.msg)
        ]
