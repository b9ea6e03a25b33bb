"""Exit 0 while a worker has run the heartbeat task recently, 1 otherwise: the compose stack's
health check for beat (which queues the task) and for monitoring from cron."""

import sys

from django.core.management.base import BaseCommand

from coalition.health import worker_status


class Command(BaseCommand):
    help = "Fail when no worker has run the heartbeat task within HEARTBEAT_MAX_AGE_SECONDS."

    def handle(self, *args, **options):
        status, age = worker_status()
        self.stdout.write(f"worker: {status}" + ("" if age is None else f" ({age} s ago)"))
        if status not in ("ok", "in-process"):
            sys.exit(1)
