from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from cases import panels
        from coalition.notifications import register_param_words

        from .models import Urgency

        register_param_words(
            "urgency", lambda code: str(Urgency(code).label) if code in Urgency.values else code
        )

        from .queries import open_referrals_in_words, referrals_of_case

        panels.register(
            "referrals/partials/case_panel.html",
            lambda user, case, access: {"referrals": referrals_of_case(user, case, access)},
        )
        panels.register_action(_("Refer to another organisation"), "referrals:new", "refer")
        panels.register_open_work(open_referrals_in_words)
        from cases.models import Case
        from cases.signals import consent_withdrawn

        from .consent import end_referrals_on_consent_withdrawal

        consent_withdrawn.connect(
            end_referrals_on_consent_withdrawal,
            sender=Case,
            dispatch_uid="referrals.end_referrals_on_consent_withdrawal",
        )
        from cases.signals import case_transferred

        from .transfer import follow_the_new_owner

        case_transferred.connect(
            follow_the_new_owner, sender=Case, dispatch_uid="referrals.follow_the_new_owner"
        )
