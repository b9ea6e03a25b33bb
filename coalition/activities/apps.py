from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "coalition.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self):
        from coalition.reports.extras import register_monthly_files

        from .donor.monthly import monthly_files

        register_monthly_files(monthly_files)
