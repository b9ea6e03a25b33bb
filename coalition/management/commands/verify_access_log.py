"""Recompute the access log's daily hash chain and say whether every sealed day still matches.

Exit status 0 when it does; 1, naming the first day that does not, when it does not. What to do
then is in docs/operations.md ("The access log's seals").
"""

from django.core.management.base import BaseCommand, CommandError

from coalition.access_log_chain import verify_chain


class Command(BaseCommand):
    help = "Check the access log against its daily seals; name the first day that does not match."

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.ok:
            mismatch = result.mismatch
            self.stdout.write(
                f"{result.days} sealed day(s) before it match ({result.entries} entries)."
            )
            raise CommandError(
                f"The access log does not match its seal for {mismatch.day.isoformat()}: "
                f"{mismatch.reason}. Later days were not checked."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"The access log matches its seals: {result.days} day(s), {result.entries} entries."
            )
        )
        if result.unsealed_from:
            self.stdout.write(
                f"Not sealed yet (checked once sealed): from {result.unsealed_from.isoformat()}."
            )
