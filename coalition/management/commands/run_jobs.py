"""Run the periodic jobs now, in this process: for installs without a broker, and for cron."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def periodic_jobs() -> dict[str, str]:
    """Beat entry name -> task path, from the one schedule in settings."""
    return {name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()}


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (reminders, escalations, expiry, digests, reports) once: all of "
        "them, or those named. Names: " + ", ".join(settings.CELERY_BEAT_SCHEDULE)
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Only these jobs (beat entry names).")

    def handle(self, *args, names: list[str], **options):
        jobs = periodic_jobs()
        unknown = set(names) - set(jobs)
        if unknown:
            raise CommandError(
                f"Unknown job(s): {', '.join(sorted(unknown))}. Known: {', '.join(jobs)}"
            )
        failed = []
        for name, path in jobs.items():
            if names and name not in names:
                continue
            # One job failing does not keep the others from running (the access log's seal,
            # retention erasure, the monthly report): it is logged with its traceback, named
            # at the end, and the command exits non-zero so cron reports it.
            try:
                result = import_string(path)()  # a Celery task called directly runs in-process
            except Exception:
                logger.exception("Periodic job %s failed", name)
                failed.append(name)
                self.stderr.write(f"{name}: failed (see the log)")
            else:
                self.stdout.write(f"{name}: {result}")
        if failed:
            raise CommandError(f"These jobs failed: {', '.join(failed)}")
