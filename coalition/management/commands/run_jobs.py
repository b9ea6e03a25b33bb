"""Run the periodic jobs now, in this process: for installs without a broker, and for cron."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


def periodic_jobs() -> dict[str, str]:
    """Beat entry name -> task path, from the one schedule in settings."""
    return {name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()}


class Command(BaseCommand):
    help = "Run the periodic jobs (reminders, escalations, expiry, digests, reports) once."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Only these jobs (beat entry names).")

    def handle(self, *args, names: list[str], **options):
        jobs = periodic_jobs()
        unknown = set(names) - set(jobs)
        if unknown:
            raise CommandError(
                f"Unknown job(s): {', '.join(sorted(unknown))}. Known: {', '.join(jobs)}"
            )
        for name, path in jobs.items():
            if names and name not in names:
                continue
            result = import_string(path)()  # a Celery task called directly runs in-process
            self.stdout.write(f"{name}: {result}")
