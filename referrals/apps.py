from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from cases import panels

        from .queries import open_referrals_in_words, referrals_of_case

        panels.register(
            "referrals/partials/case_panel.html",
            lambda user, case, access: {"referrals": referrals_of_case(user, case)},
        )
        panels.register_open_work(open_referrals_in_words)
        from cases.models import Case
        from cases.signals import consent_withdrawn

        from .consent import end_referrals_on_consent_withdrawal

        consent_withdrawn.connect(
            end_referrals_on_consent_withdrawal,
            sender=Case,
            dispatch_uid="referrals.end_referrals_on_consent_withdrawal",
        )
