"""In-app and email notifications: what each kind says, and the one way to send one.

The notification row is the outbox: it is committed with whatever caused it, and its email is
sent after the commit by a task, or, when the broker was down or the mail server refused, by the
periodic `send_due_emails` job, again and again with growing pauses, until it goes out or the
attempts run out; then it is flagged and `email_given_up` tells whoever listens (the
secretariat's admins, see members.receivers).
"""

import logging
import re
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .cache import in_write_transaction
from .models import Notification
from .queueing import queue_on_commit

logger = logging.getLogger(__name__)

# Sent with `notification=` when a notification's email is given up on.
email_given_up = Signal()

# kind -> (subject, body). Both are %-formatted with the notification's params.
MESSAGES = {
    "referral_received": (
        _("New referral %(case)s from %(from_org)s"),
        _(
            "%(from_org)s has referred a survivor to your organisation for %(service)s "
            "(%(urgency)s). Please accept or decline by %(respond_by)s."
        ),
    ),
    "referral_accepted": (
        _("Referral %(case)s accepted by %(to_org)s"),
        _("%(to_org)s has accepted your referral for %(service)s."),
    ),
    "referral_declined": (
        _("Referral %(case)s declined by %(to_org)s"),
        _(
            "%(to_org)s has declined your referral for %(service)s. Open it to see why and "
            "which other organisations offer the service."
        ),
    ),
    "referral_completed": (
        _("Referral %(case)s completed by %(to_org)s"),
        _("%(to_org)s has completed your referral for %(service)s. Open it to see the outcome."),
    ),
    "referral_withdrawn": (
        _("Referral %(case)s withdrawn by %(from_org)s"),
        _("%(from_org)s has withdrawn its referral for %(service)s. No action is needed."),
    ),
    "referral_consent_withdrawn": (
        _("Referral %(case)s ended: consent withdrawn"),
        _(
            "The survivor has withdrawn consent to sharing, so %(from_org)s's referral for "
            "%(service)s has ended and the case is no longer shared with your organisation. "
            "What your organisation recorded itself stays with you."
        ),
    ),
    "referral_due_soon": (
        _("Referral %(case)s needs an answer by %(respond_by)s"),
        _("The referral from %(from_org)s for %(service)s is waiting for your answer."),
    ),
    "referral_overdue": (
        _("Overdue referral %(case)s"),
        _(
            "The referral from %(from_org)s to %(to_org)s for %(service)s was due on "
            "%(respond_by)s and has not been answered."
        ),
    ),
    "referral_expired": (
        _("Referral %(case)s expired"),
        _(
            "Your referral to %(to_org)s for %(service)s was not answered in time and has "
            "expired. Consider referring to another organisation."
        ),
    ),
    "possible_duplicate": (
        _("Possible duplicate between %(found_by)s and %(other)s"),
        _(
            "A duplicate check at %(found_by)s matched a case at %(other)s. Put the two "
            "organisations in touch so they can find out whether it is the same person."
        ),
    ),
    "closure_requested": (
        _("Case %(case)s waits for your approval to close"),
        _(
            "A caseworker asked to close case %(case)s. Review what is still open on it, then "
            "approve the closure or send it back."
        ),
    ),
    "closure_sent_back": (
        _("Closure of case %(case)s sent back"),
        _(
            "A supervisor sent back the request to close case %(case)s. Open the case to see "
            "what still needs doing."
        ),
    ),
    "hearing_soon": (
        _("Court hearing for %(case)s on %(date)s"),
        _("A hearing for case %(case)s is set for %(date)s. Prepare the survivor and the file."),
    ),
    "transfer_proposed": (
        _("Case %(case)s: %(from_org)s proposes to transfer it to you"),
        _(
            "%(from_org)s proposes to hand case %(case)s over to your organisation for good. "
            "Accept or decline it."
        ),
    ),
    "transfer_accepted": (
        _("Case %(case)s transferred to %(to_org)s"),
        _("%(to_org)s has accepted case %(case)s. Your own notes and documents stay readable."),
    ),
    "transfer_declined": (
        _("Transfer of case %(case)s declined by %(to_org)s"),
        _("%(to_org)s has declined to take case %(case)s. The case stays with you."),
    ),
    "transfer_withdrawn": (
        _("Transfer of case %(case)s withdrawn"),
        _("%(from_org)s has withdrawn its proposal to transfer case %(case)s to you."),
    ),
    "callback_due": (
        _("Helpline call-back due at %(due)s"),
        _("A caller is waiting for a call-back by %(due)s. Open the call to see what they asked."),
    ),
    "daily_digest": (
        _("Your day: %(pending)s referrals waiting, %(follow_ups)s follow-ups due"),
        _(
            "Referrals waiting for your organisation's answer: %(pending)s. "
            "Your cases with a follow-up due today or overdue: %(follow_ups)s."
        ),
    ),
    "monthly_report_ready": (
        _("The coalition report for %(period)s is ready"),
        _(
            "The monthly coalition report for %(period)s has been made. Download it from the "
            "reports page; it holds aggregate figures only, with small counts hidden."
        ),
    ),
    # About a person's own account (members.services); never a password or a link to set one.
    "account_details_changed": (
        _("The details of your account were changed"),
        _(
            "%(by)s changed these details of your account %(username)s: %(fields)s. If this is "
            "wrong, tell your organisation's admin."
        ),
    ),
    "account_email_changed": (
        _("The email address of your account was changed"),
        _(
            "%(by)s changed the email address of your account %(username)s; emails about it now "
            "go to the new address. If this is wrong, tell your organisation's admin at once."
        ),
    ),
    "account_role_changed": (
        _("Your role is now %(role)s"),
        _(
            "%(by)s changed your role from %(old_role)s to %(role)s. You have been signed out; "
            "sign in again to continue."
        ),
    ),
    "account_role_requested": (
        _("A new role for you is waiting for confirmation"),
        _(
            "%(by)s asked for your role to become %(role)s. It applies once a supervisor of your "
            "organisation confirms it."
        ),
    ),
    "account_role_refused": (
        _("Your new role was not confirmed"),
        _("%(by)s did not confirm the change of your role to %(role)s. Your role stays as it was."),
    ),
    "account_deactivated": (
        _("Your account has been switched off"),
        _(
            "%(by)s switched off your account; you can no longer sign in. If this is wrong, talk "
            "to your organisation's admin."
        ),
    ),
    "account_second_factor_reset": (
        _("The second factor of your account was reset"),
        _(
            "%(by)s removed the authenticator app and backup codes of your account "
            "%(username)s. You have been signed out; at your next sign-in you will set up a new "
            "authenticator. If you did not ask for this, tell your organisation's admin at once."
        ),
    ),
    "account_reactivated": (
        _("Your account is switched on again"),
        _("%(by)s switched your account back on; you can sign in again."),
    ),
    "role_request_waiting": (
        _("An account change in %(org)s waits for your confirmation"),
        _(
            "%(by)s asked to give %(username)s the role %(role)s in %(org)s. It would let them "
            "read case files: confirm or refuse it."
        ),
    ),
    "role_request_confirmed": (
        _("The change to %(username)s's account was confirmed"),
        _("%(by)s confirmed the change you asked for to %(username)s's account."),
    ),
    "role_request_refused": (
        _("The change to %(username)s's account was refused"),
        _("%(by)s refused the change you asked for to %(username)s's account."),
    ),
    # The coalition's own work (coalition.activities): no survivor is named in these.
    "activity_follow_up_due": (
        _("Follow-up due on %(due)s: %(activity)s"),
        _("A follow-up action you own from “%(activity)s” is due on %(due)s."),
    ),
    "activity_follow_up_overdue": (
        _("Overdue follow-up: %(activity)s"),
        _(
            "A follow-up action you own from “%(activity)s” was due on %(due)s and is not "
            "marked done."
        ),
    ),
    "funding_deadline_soon": (
        _("Bid deadline on %(deadline)s: %(call)s"),
        _(
            "The joint bid for %(call)s is due on %(deadline)s (%(days)s days left). Check the "
            "bid's documents and who does what."
        ),
    ),
    "email_undeliverable": (
        _("An email to %(user)s could not be sent"),
        _(
            "A notification for %(user)s (%(organization)s) could not be emailed after "
            "%(attempts)s attempts and will not be tried again. They can still read it in the "
            "app. Check the email address in their account and the mail server."
        ),
    ),
}


# A notification stores codes and ids (a service's code, an urgency), never words: they are put
# into the reader's language when it is read or emailed. The apps that own the vocabularies
# register how (members: services; referrals: urgencies) when Django starts.
PARAM_WORDS: dict[str, Callable[[str], str]] = {}
# A run of Latin letters and digits holding a digit: "SAHIL-2026-000001", "2026-12-01 10:00".
LATIN_RUN = re.compile(r"(?=[^\s]*\d)[+<]?[0-9A-Za-z][0-9A-Za-z\-/:. ]*[0-9A-Za-z]|\d")


def register_param_words(name: str, words: Callable[[str], str]) -> None:
    PARAM_WORDS[name] = words


def _in_words(params: dict) -> dict:
    """The params in the reader's language; in Urdu text, numbers, dates and case numbers are
    isolated as left to right (U+2066 ... U+2069) so that "SAHIL-2026-000001" and
    "2026-12-01 10:00" keep their order in any mail reader."""
    urdu = (translation.get_language() or "").startswith("ur")
    shown = {}
    for name, value in params.items():
        if name in PARAM_WORDS:
            value = PARAM_WORDS[name](value)
        if urdu and isinstance(value, str) and LATIN_RUN.search(value):
            value = LATIN_RUN.sub(lambda m: f"\u2066{m.group(0)}\u2069", value)
        shown[name] = value
    return shown


def subject_of(notification: Notification) -> str:
    return str(MESSAGES[notification.kind][0]) % _in_words(notification.params)


def body_of(notification: Notification) -> str:
    return str(MESSAGES[notification.kind][1]) % _in_words(notification.params)


# The outbox job leaves a new notification this long to the task queued at its commit.
OUTBOX_GRACE = timedelta(minutes=2)


def notify(
    recipients: Iterable, kind: str, *, link: str, dedupe_key: str, email: bool = True, **params
) -> int:
    """Notify each recipient once per dedupe_key; emails go out after the transaction commits.

    With `email=False` the notification is shown in the app only."""
    from .tasks import send_notification_email

    if kind not in MESSAGES:
        raise ValueError(f"Unknown notification kind: {kind}")
    created = 0
    for user in {user.pk: user for user in recipients if user.is_active}.values():
        emailed = email and bool(user.email)
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    kind=kind,
                    params=params,
                    link=link,
                    dedupe_key=dedupe_key,
                    # The outbox job's first look, should the task after the commit not run.
                    next_attempt_at=timezone.now() + OUTBOX_GRACE if emailed else None,
                )
        except IntegrityError:  # already notified: a job ran twice
            continue
        created += 1
        forget_unread_count(user.pk)
        if emailed:
            queue_on_commit(send_notification_email, notification.pk)
    return created


def retry_delay(attempts: int) -> timedelta:
    """The pause after the `attempts`-th failed attempt: doubling from the first, capped."""
    first = settings.NOTIFICATION_EMAIL_FIRST_RETRY_SECONDS
    return timedelta(
        seconds=min(first * 2 ** (attempts - 1), settings.NOTIFICATION_EMAIL_MAX_RETRY_SECONDS)
    )


def unsent_emails():
    """Notifications not emailed yet, nor given up on, to someone with an email address."""
    return Notification.objects.filter(
        emailed_at__isnull=True, email_failed_at__isnull=True
    ).exclude(recipient__email="")


def _locked(notifications):
    # skip_locked: a row another process is emailing right now is that process's to finish.
    return notifications.select_for_update(of=("self",), skip_locked=True).select_related(
        "recipient__staff"
    )


def email_notification(notification_id: int) -> bool:
    """Send one notification's email, once, in the recipient's language."""
    with transaction.atomic():
        notification = _locked(unsent_emails().filter(pk=notification_id)).first()
        if notification is None:
            return False
        return _deliver(notification)


def send_due_emails(limit: int = 500) -> int:
    """The outbox: send every email that is due (at most `limit`); returns how many went out."""
    sent = 0
    for _attempt in range(limit):
        with transaction.atomic():
            due = unsent_emails().filter(next_attempt_at__lte=timezone.now())
            notification = _locked(due.order_by("next_attempt_at", "pk")).first()
            if notification is None:
                break
            sent += _deliver(notification)
    return sent


def _deliver(notification: Notification) -> bool:
    """Email a locked, unsent notification; on failure count the attempt and plan the next."""
    notification.email_attempts += 1
    try:
        subject, body = _email_of(notification)
        send_mail(subject, body, None, [notification.recipient.email])
    except Exception:  # SMTP refusals, timeouts, a message that cannot be made: tried again later
        logger.warning(
            "Email of notification %s failed (attempt %s)",
            notification.pk,
            notification.email_attempts,
            exc_info=True,
        )
        _record_failure(notification)
        return False
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at", "email_attempts"])
    return True


def _email_of(notification: Notification) -> tuple[str, str]:
    """The subject and body, in the recipient's language."""
    staff = getattr(notification.recipient, "staff", None)
    with translation.override(staff.language if staff else settings.LANGUAGE_CODE):
        body = [
            body_of(notification),
            f"{settings.SITE_URL}{notification.link}",
            str(_("This email holds no details about the survivor; sign in to see more.")),
        ]
        return subject_of(notification), "\n\n".join(body)


def _record_failure(notification: Notification) -> None:
    now = timezone.now()
    if notification.email_attempts >= settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS:
        notification.email_failed_at = now
        notification.save(update_fields=["email_attempts", "email_failed_at"])
        email_given_up.send(sender=Notification, notification=notification)
        return
    notification.next_attempt_at = now + retry_delay(notification.email_attempts)
    notification.save(update_fields=["email_attempts", "next_attempt_at"])


# The menu's unread count is kept in the cache, dropped when the person is notified or reads.
# A count taken just as a notification commits may be kept stale: this bounds how long.
UNREAD_SECONDS = 5 * 60


def unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user, kept: dict) -> int:
    """The person's unread notifications: counted at most once every UNREAD_SECONDS, and again
    after each notification or reading. Inside a transaction it is counted and not kept.
    `kept`: the cache's values, this count's among them, read by the menu in one trip
    (`coalition.context_processors.menu_badges`)."""
    key = unread_key(user.pk)
    in_transaction = in_write_transaction()
    value = None if in_transaction else kept.get(key)
    if value is None:
        value = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        if not in_transaction:
            cache.set(key, value, UNREAD_SECONDS)
    return value


def forget_unread_count(user_id: int) -> None:
    """Drop the kept count now, and again once the transaction that changed it commits: a
    request counting meanwhile saw the count from before."""
    key = unread_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def mark_read(user, notification_ids) -> int:
    """Mark these notifications of the person read; returns how many were unread."""
    marked = Notification.objects.filter(
        recipient=user, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())
    if marked:
        forget_unread_count(user.pk)
    return marked


def settle(recipients, key_prefix: str) -> int:
    """Mark read, for each of `recipients`, the unread notifications whose dedupe key starts
    with `key_prefix`: they asked for something someone has since done (a closure waiting for
    approval, once one supervisor decided it, waits for no other). Returns how many."""
    unread = Notification.objects.filter(
        recipient__in=recipients, dedupe_key__startswith=key_prefix, read_at__isnull=True
    )
    told = set(unread.values_list("recipient_id", flat=True))
    marked = unread.update(read_at=timezone.now())
    for user_id in told:
        forget_unread_count(user_id)
    return marked
