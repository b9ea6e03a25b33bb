from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.urls import register_converter

        from . import (
            checks,  # noqa: F401 - registers the deployment checks
            signins,  # noqa: F401 - registers the sign-in receivers
        )
        from .choices import quick_choice_displays
        from .converters import RowIdConverter
        from .lookups import register as register_lookups
        from .my_work import count_at_sign_in
        from .validators import bound_every_date_input

        register_converter(RowIdConverter, "id")  # before any URLconf is read
        register_lookups()
        bound_every_date_input()
        quick_choice_displays()
        user_logged_in.connect(count_at_sign_in, dispatch_uid="coalition.my_work.count_at_sign_in")
