from django.conf import settings
from django.core.management.base import BaseCommand

from members.models import Staff


class Command(BaseCommand):
    help = "Print the demo sign-in names and password (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            return
        names = sorted(
            Staff.objects.filter(user__is_active=True).values_list("user__username", flat=True)
        )
        examples = [n for n in names if n.startswith(("sahil-", "secretariat-"))]
        site = settings.SITE_URL
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Open {site}/accounts/login/ and sign in as:"))
        for name in examples:
            self.stdout.write(f"  {name}")
        self.stdout.write(
            f"  ... or <short name>-caseworker / -supervisor / -referrals / -admin "
            f"for any of the {len(names)} demo accounts"
        )
        self.stdout.write(self.style.SUCCESS(f"Password: {settings.DEMO_PASSWORD}"))
        self.stdout.write("")
