"""Queueing a task once the transaction commits, without ever failing the request that asked.

What a request commits is the record (a notification, a report waiting to be built); the task
only carries it further. If the broker cannot be reached the task is not queued, the failure is
logged, and a periodic job that looks for such records (the email outbox, the stalled-report job)
does the work later. Settings keep the broker's connection attempt short.
"""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def publish(task, *args) -> bool:
    """Queue `task(*args)` now; False, logged, when the broker is unreachable."""
    try:
        task.delay(*args)
    except (OperationalError, OSError):  # refused, timed out, or lost on the way
        logger.warning(
            "Could not queue %s%r; a periodic job will pick the work up", task.name, args,
            exc_info=True,
        )  # fmt: skip
        return False
    return True


def queue_on_commit(task, *args) -> None:
    """Queue `task(*args)` when the current transaction commits, if the broker can be reached."""
    transaction.on_commit(lambda: publish(task, *args))
