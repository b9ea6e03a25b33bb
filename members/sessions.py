"""A person's live sessions: listed for them, ended when their account is switched off or their
role changes, or when they sign out everywhere else."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from coalition.middleware import SIGNED_IN_AT, SIGNED_IN_FROM


@dataclass(frozen=True)
class SessionSummary:
    """What the person is shown of one of their sessions (noted at sign-in)."""

    browser: str
    system: str
    address: str
    started: datetime | None
    last_seen: datetime
    current: bool


def _live_sessions_of(user):
    """(session row, decoded data) of every live session signed in as `user`.

    Every session has its row in the database (with a shared cache, a copy there too) and lasts
    SESSION_IDLE_MINUTES without a request, so the live ones are few and reading them all is
    cheap; this runs only when a person's sessions are listed or ended, never on an ordinary
    request.
    """
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if data.get(SESSION_KEY) == str(user.pk):
            yield session, data


def sessions_of(user, *, current_key: str | None) -> list[SessionSummary]:
    """The person's live sessions, this one first, then the most recently seen. A session's
    last request is when it was last saved: its expiry less the idle timeout (saves may be
    spaced a few minutes apart, so this is as close as that)."""
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    summaries = []
    for session, data in _live_sessions_of(user):
        current = session.session_key == current_key
        origin = data.get(SIGNED_IN_FROM) or {}
        started = data.get(SIGNED_IN_AT)
        summaries.append(
            SessionSummary(
                browser=origin.get("browser", ""),
                system=origin.get("system", ""),
                address=origin.get("address", ""),
                started=datetime.fromtimestamp(started, tz=UTC) if started else None,
                last_seen=timezone.now() if current else session.expire_date - idle,
                current=current,
            )
        )
    return sorted(summaries, key=lambda s: (not s.current, -s.last_seen.timestamp()))


def end_sessions(user, *, keep: str | None = None) -> int:
    """Delete every live session signed in as `user` (but the one whose key is `keep`); returns
    how many ended."""
    ended = [s.session_key for s, _data in _live_sessions_of(user) if s.session_key != keep]
    Session.objects.filter(session_key__in=ended).delete()
    _drop_cached_copies(ended)
    # Again after the commit: until then a request of one of these sessions can still read its
    # row and put a fresh copy in the cache, which would outlive the row.
    transaction.on_commit(lambda: _drop_cached_copies(ended))
    return len(ended)


def _drop_cached_copies(session_keys: list[str]) -> None:
    """With the cached_db engine, sessions are read from the cache first: an ended session's
    copy there would go on signing its requests in until it expired."""
    prefix = getattr(import_module(settings.SESSION_ENGINE).SessionStore, "cache_key_prefix", None)
    if prefix and session_keys:
        caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + key for key in session_keys])
