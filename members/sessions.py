"""Ending a person's sessions when their account is switched off or their role changes."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions(user, *, keep: str | None = None) -> int:
    """Delete every live session signed in as `user` (but the one whose key is `keep`); returns
    how many ended.

    Sessions are stored in the database (Django's default engine) and last SESSION_IDLE_MINUTES
    without a request, so the live ones are few and reading them all is cheap.
    """
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key != keep and session.get_decoded().get(SESSION_KEY) == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)
