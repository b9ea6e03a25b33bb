from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "coalition.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self):
        from coalition.reports.extras import register_kind_files, register_monthly_files
        from coalition.reports.models import StoredReport

        from .donor.files import PDF_FILES, monthly_files, pdf_files

        register_monthly_files(monthly_files)
        register_kind_files(
            StoredReport.Kind.DONOR, pdf_files, count=PDF_FILES, page="activities:donor_report"
        )
