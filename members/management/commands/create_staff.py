"""An account made from the server's command line: the secretariat's first admin on a new
install (who then adds everyone else in the app), or anyone when no admin can sign in.

The account gets no password: the command prints a one-time link (SITE_URL, valid for
PASSWORD_RESET_TIMEOUT) where its holder chooses one, as the app's own invitations do; roles
that need a second factor are asked to set one up at the first sign-in.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.account_mail import password_link
from members.models import COALITION_KINDS, Organization, Staff
from members.provisioning import provision_staff
from members.roles import SECRETARIAT_ROLES, Role


class Command(BaseCommand):
    help = (
        "Create a staff account and print a one-time link to choose its password, e.g. "
        "create_staff ayesha --organization SSDO --role secretariat_admin --email a@ssdo.org.pk"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organization", required=True, help="Its short name, e.g. SSDO.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--language", default=Staff.Language.ENGLISH, choices=["en", "ur"])

    def handle(self, *args, username: str, organization: str, role: str, **options):
        place = Organization.objects.filter(short_name__iexact=organization).first()
        if place is None or not place.is_coalition_member:
            known = Organization.objects.filter(kind__in=COALITION_KINDS).values_list(
                "short_name", flat=True
            )
            raise CommandError(
                f"No coalition organisation {organization!r}. Known: {', '.join(sorted(known))}"
            )
        if role in SECRETARIAT_ROLES and not place.is_secretariat:
            raise CommandError(f"The role {role} is held at the secretariat only.")
        try:
            with transaction.atomic():
                staff = provision_staff(
                    organization=place,
                    username=username,
                    role=role,
                    password=None,
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    email=options["email"],
                    language=options["language"],
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        days = settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)
        self.stdout.write(
            f"Created {username} ({Role(role).label}) at {place.short_name}.\n"
            f"Give them this link, to choose a password within {days} days (once):\n"
            f"{password_link(staff.user)}"
        )
