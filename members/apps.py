from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from coalition.notifications import register_param_words

        from . import imports, receivers  # noqa: F401 - signal receivers; the imports' kinds
        from .models import Service

        register_param_words("service", Service.display_name_of)
