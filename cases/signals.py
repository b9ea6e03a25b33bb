"""Signals cases sends to the apps above it, which cases never imports.

consent_withdrawn
    Sent by cases.consent.record_consent when the survivor's consent to share with coalition
    members ends: a withdrawal, or a narrowing that removes that consent. Sent inside
    record_consent's transaction, after the case row has been locked and written, with
    `sender=Case`, `case` (the locked, saved case) and `by` (the user who recorded it).
    Receivers do their work in that same transaction: if one raises, nothing is recorded.
    The referrals app ends the case's open referrals (referrals/consent.py).
    Also sent by cases.services.erasure when a case's identifying details are erased (sharing
    ends with them), the same way; `by` is None when the retention job erases.

case_transferred
    Sent by cases.transfer.services.accept_transfer, inside its transaction, after the case has
    moved to its new owner, with `sender=Case`, `case` (the locked, saved case, already the new
    owner's), `from_organization_id` (the old owner) and `by`. The referrals app makes the
    case's referrals the new owner's (referrals/transfer.py).
"""

from django.dispatch import Signal

consent_withdrawn = Signal()
case_transferred = Signal()
