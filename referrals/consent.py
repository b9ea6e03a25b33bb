"""When the survivor withdraws consent to sharing, the case's open referrals end at once.

cases.consent.record_consent sends cases.signals.consent_withdrawn inside its transaction (cases
never imports referrals); this receiver, connected in ReferralsConfig.ready(), withdraws every
pending and accepted referral on the case through the workflow, as the system, and tells each
receiving desk (and the caseworker working it) that the referral has ended: the case number,
the organisation and the service, nothing of the case.
"""

from django.utils.translation import gettext

from .models import Referral, Status
from .services import notify_about, receiving_desk
from .workflow import TransitionRefused, move


def end_referrals_on_consent_withdrawal(sender, *, case, by, **kwargs) -> int:
    """Withdraw the case's open referrals; returns how many ended."""
    open_referrals = (
        Referral.objects.with_scopes_disabled()
        .filter(case_id=case.pk, status__in=[Status.PENDING, Status.ACCEPTED])
        .order_by("pk")
    )
    ended = 0
    for referral in open_referrals:
        try:
            referral = move(
                referral, Status.WITHDRAWN, None, note=gettext("Consent to sharing withdrawn.")
            )
        except TransitionRefused:  # declined or expired meanwhile: it has ended already
            continue
        people = receiving_desk(referral.to_organization)
        if referral.assigned_to_id:
            people.append(referral.assigned_to.user)
        notify_about(referral, people, "referral_consent_withdrawn")
        ended += 1
    return ended
