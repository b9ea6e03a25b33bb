"""Django's template backend, whose check for tag libraries sharing a name knows the one this
project means: `i18n` is Django's own library with `{% translate %}` drawn once per language
(coalition/templatetags/translate_once.py, named in TEMPLATES' `libraries`). Any other clash
still warns."""

from django.template.backends.django import DjangoTemplates as Django

MEANT = ("i18n", "coalition.templatetags.translate_once")


class DjangoTemplates(Django):
    def _check_for_template_tags_with_the_same_name(self):
        name, module = MEANT
        return [
            warning
            for warning in super()._check_for_template_tags_with_the_same_name()
            if not (warning.msg.startswith(f"{name!r} is used") and repr(module) in warning.msg)
        ]
