"""Recording the survivor's consent: given, renewed, narrowed or withdrawn.

`record_consent` is the one place that changes a case's consent fields after intake. Each call
writes a dated ConsentEvent with who recorded it, the case's current consent fields, the case
history and the access log. When consent to share with coalition members ends, it sends
cases.signals.consent_withdrawn in the same transaction: the referrals app ends the case's open
referrals (cases never imports referrals).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.audit import log_action
from coalition.models import AccessLog
from members.access import access_changed

from .models import Case, ConsentEvent
from .services.common import history, lock_case
from .services.file import CONSENT_FIELDS
from .services.shares import end_organisation_shares
from .signals import consent_withdrawn
from .validators import validate_not_future

Kind = ConsentEvent.Kind


def _scope_after(
    case: Case, kind: str, record: bool, share_coalition: bool, share_law_enforcement: bool
) -> dict[str, bool]:
    """The consent the case holds after the event, or ValidationError saying why it cannot."""
    withdrawn_on = case.consent_withdrawn_at
    if kind == Kind.WITHDRAWN:
        if withdrawn_on:
            raise ValidationError(
                _(
                    "Consent to sharing was already withdrawn on %(date)s. If the person agrees "
                    "again, record a renewal."
                )
                % {"date": withdrawn_on.isoformat()}
            )
        return {
            "consent_record": case.consent_record,
            "consent_share_coalition": False,
            "consent_share_law_enforcement": False,
        }
    after = {
        "consent_record": record,
        "consent_share_coalition": share_coalition,
        "consent_share_law_enforcement": share_law_enforcement,
    }
    if (share_coalition or share_law_enforcement) and not record:
        raise ValidationError(
            _("Sharing needs consent to record the case: tick that too, or untick the sharing.")
        )
    if kind == Kind.NARROWED:
        if withdrawn_on:
            raise ValidationError(
                _("Consent to sharing was withdrawn: if the person agrees again, record a renewal.")
            )
        before = {name: getattr(case, name) for name in after}
        if after == before or any(after[name] and not before[name] for name in after):
            raise ValidationError(
                _(
                    "Narrowing only takes consent away: untick what the person no longer agrees "
                    "to. To add to it, record a renewal."
                )
            )
        if not record and (case.full_name or case.cnic or case.phone):
            raise ValidationError(
                _(
                    "Without consent to record, leave the name, CNIC and phone empty "
                    "and use an alias."
                )
            )
        return after
    if not record:
        raise ValidationError(
            _("Consent given or renewed includes consent to record the case: tick it.")
        )
    if kind == Kind.GIVEN and withdrawn_on:
        raise ValidationError(
            _("Consent to sharing was withdrawn on %(date)s: record the new consent as a renewal.")
            % {"date": withdrawn_on.isoformat()}
        )
    return after


def validate_in_order(case: Case, on: date) -> None:
    """A consent record is dated on or after the intake and the case's last consent record:
    the history reads in the order things happened, and the case's consent is the latest."""
    recorded = ConsentEvent.objects.with_scopes_disabled().filter(case=case)
    last = recorded.order_by("-date").values_list("date", flat=True).first()
    earliest = max(day for day in (case.intake_date, last) if day)
    if on < earliest:
        raise ValidationError(
            _(
                "Date it on or after %(date)s: the intake, or the consent last recorded, is "
                "from that day."
            )
            % {"date": earliest.isoformat()}
        )


@transaction.atomic
def record_consent(
    *,
    case: Case,
    by,
    kind: str,
    record: bool = False,
    share_coalition: bool = False,
    share_law_enforcement: bool = False,
    on: date | None = None,
    note: str = "",
) -> Case:
    """Record what the survivor said about consent on `on` (today by default).

    Given or renewed: the scope given becomes the case's consent, and a withdrawal no longer
    stands. Narrowed: the scope loses what is unticked. Withdrawn: both kinds of sharing end
    (the record stays) and the case's open referrals end with them.
    """
    locked = lock_case(case, by, "record_consent")
    if kind not in Kind.values:
        raise ValidationError(_("Choose what the person said about consent."))
    on = on or timezone.localdate()
    validate_not_future(on)
    could_share = locked.can_share_with_coalition
    after = _scope_after(locked, kind, record, share_coalition, share_law_enforcement)
    validate_in_order(locked, on)
    old = {name: getattr(locked, name) for name in CONSENT_FIELDS}
    for name, value in after.items():
        setattr(locked, name, value)
    if kind == Kind.WITHDRAWN:
        locked.consent_withdrawn_at = on
    else:
        locked.consent_recorded_by = by
        if kind in (Kind.GIVEN, Kind.RENEWED):
            locked.consent_date = on
            locked.consent_withdrawn_at = None
    changed = [name for name in CONSENT_FIELDS if getattr(locked, name) != old[name]]
    event = ConsentEvent.of_case(locked, kind=kind, by=by, on=on, note=note.strip())
    event.full_clean()
    locked.version += 1
    locked.save(update_fields=[*changed, "version", "updated_at"])
    event.save()
    if {"consent_share_coalition", "consent_withdrawn_at"} & set(changed):
        access_changed()  # a share to another organisation holds only with consent to share
    shown = [name for name in changed if name != "consent_recorded_by"]
    for name in shown:
        history(locked, by, f"consent_{kind}", name, old[name], getattr(locked, name))
    if not shown:
        history(locked, by, f"consent_{kind}")
    log_action(
        by,
        AccessLog.Action.CHANGE,
        locked,
        verb=f"case.consent_{kind}",
        event=event.pk,
        fields=sorted(changed),
    )
    if could_share and not locked.can_share_with_coalition:
        end_organisation_shares(locked)
        consent_withdrawn.send(sender=Case, case=locked, by=by)
    return locked
