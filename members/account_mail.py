"""Emails about a person's own account: the one-time set-password link, and notices.

The link is made here, in the task that sends it, so no token passes through the broker or is
stored anywhere; the address it points at is settings.SITE_URL, never a request's Host header.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coalition.models import Notification
from coalition.notifications import body_of, subject_of

User = get_user_model()


def password_link(user) -> str:
    """A one-time link to choose a password: it stops working once the password changes."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def _language_of(user) -> str:
    staff = getattr(user, "staff", None)
    return staff.language if staff is not None else settings.LANGUAGE_CODE


def email_password_link(user_id: int, *, invitation: bool, by: str) -> bool:
    """Email the account's owner a link to choose their password, in their language."""
    user = User.objects.select_related("staff__organization").filter(pk=user_id).first()
    if user is None or not user.is_active or not user.email:
        return False
    context = {
        "link": password_link(user),
        "username": user.get_username(),
        "organization": user.staff.organization.name,
        "by": by,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "invitation": invitation,
    }
    with translation.override(_language_of(user)):
        subject = render_to_string("members/emails/password_link_subject.txt", context)
        body = render_to_string("members/emails/password_link.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
    return True


class OwnersLanguagePasswordResetForm(PasswordResetForm):
    """Django's reset email, written in the language of the account it goes to."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(_language_of(context["user"])):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


def email_password_reset(address: str) -> None:
    """The self-service reset email, to every active account with this address (none: nothing
    is sent). Run by a task, never in the request: the asker's wait must not depend on whether
    the address has an account, and the link is made here, as `email_password_link`'s is."""
    form = OwnersLanguagePasswordResetForm({"email": address})
    if form.is_valid():
        form.save(
            domain_override=settings.SITE_URL,
            extra_email_context={"site_url": settings.SITE_URL},
        )


def email_account_notice(address: str, language: str, kind: str, params: dict) -> None:
    """A notice to an address that gets no in-app notification: a switched-off account, or the
    address an account had before it was changed."""
    notice = Notification(kind=kind, params=params)
    with translation.override(language):
        send_mail(subject_of(notice), body_of(notice), None, [address])
