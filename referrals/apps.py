from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from cases.models import Case
        from cases.signals import consent_withdrawn

        from .consent import end_referrals_on_consent_withdrawal

        consent_withdrawn.connect(
            end_referrals_on_consent_withdrawal,
            sender=Case,
            dispatch_uid="referrals.end_referrals_on_consent_withdrawal",
        )
