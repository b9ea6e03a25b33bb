from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition")

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the deployment checks
            signins,  # noqa: F401 - registers the sign-in receivers
        )
        from .validators import bound_every_date_input

        bound_every_date_input()
