"""What members does when the kernel signals something only the coalition's people can act on."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.urls import reverse

from coalition.notifications import email_given_up, notify

from .models import Staff
from .queries import users_in_roles
from .roles import Role
from .two_factor import note_authenticator

user_logged_in.connect(note_authenticator, dispatch_uid="members.note_authenticator")


@receiver(email_given_up, dispatch_uid="members.tell_secretariat_admins_of_lost_email")
def tell_secretariat_admins_of_lost_email(sender, notification, **kwargs) -> None:
    """The secretariat's admins learn, in the app (mail is what failed), whose email was lost."""
    staff = (
        Staff.objects.filter(user_id=notification.recipient_id)
        .select_related("organization", "user")
        .first()
    )
    user = notification.recipient
    notify(
        users_in_roles(Role.SECRETARIAT_ADMIN),
        "email_undeliverable",
        link=reverse("members:staff", args=[staff.organization.short_name]) if staff else "",
        dedupe_key=f"email-given-up:{notification.pk}",
        email=False,
        user=user.get_username(),
        organization=staff.organization.short_name if staff else "",
        attempts=notification.email_attempts,
    )
