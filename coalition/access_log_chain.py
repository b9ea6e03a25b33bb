"""The access log's daily hash chain: each day is sealed once, and anyone can check the seals.

A day (Asia/Karachi) is sealed by one AccessLogSeal row: the number of entries whose `at` falls
in it and an HMAC-SHA256 over the day, the previous day's digest, and every column of every one
of those entries in id order. A row changed, deleted or added afterwards, or a seal rewritten,
no longer matches when the chain is recomputed (`verify_access_log`).

Keyed, not a bare SHA-256: whoever administers the database could otherwise change a row and
recompute every later seal. The key (ACCESS_LOG_SEAL_KEY) lives only in the application's
environment, never in the database or its backups, so rewriting the chain needs both.

Only days that ended more than ACCESS_LOG_SEAL_MARGIN_MINUTES ago are sealed, and on
PostgreSQL none while a transaction that began before the day's end is still open: an entry is
stamped when it is written but seen only when its transaction commits, and a transaction open
over midnight must not commit an entry into a day already sealed.
"""

import hmac
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from hashlib import sha256
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import AccessLog, AccessLogSeal

logger = logging.getLogger(__name__)

COLUMNS = tuple(field.attname for field in AccessLog._meta.concrete_fields)
GENESIS = "0" * 64
FORMAT = "coalition-access-log-seal/1"


def _key() -> bytes:
    return (settings.ACCESS_LOG_SEAL_KEY or f"seal:{settings.SECRET_KEY}").encode()


def key_fingerprint() -> str:
    return sha256(b"fingerprint:" + _key()).hexdigest()[:16]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def canonical(entry: dict) -> bytes:
    """One entry as bytes that do not depend on how the database returned it: every column,
    keys sorted, times in UTC to the microsecond, the details' keys sorted too."""
    plain = {column: _plain(entry[column]) for column in COLUMNS}
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entries_of(day: date) -> Iterator[dict]:
    start, end = day_bounds(day)
    return (
        AccessLog.objects.filter(at__gte=start, at__lt=end)
        .order_by("id")
        .values(*COLUMNS)
        .iterator(chunk_size=2000)
    )


def digest_of(day: date, previous: str, entries: Iterable[dict]) -> tuple[int, str]:
    """How many entries, and the day's digest chained to `previous`."""
    mac = hmac.new(_key(), digestmod=sha256)
    mac.update(f"{FORMAT}|{day.isoformat()}|{previous}\n".encode())
    count = 0
    for entry in entries:
        mac.update(canonical(entry) + b"\n")
        count += 1
    mac.update(f"|{count}".encode())
    return count, mac.hexdigest()


def last_sealable_day(now: datetime | None = None) -> date:
    """The last day that ended more than the margin ago."""
    now = now or timezone.now()
    margin = timedelta(minutes=settings.ACCESS_LOG_SEAL_MARGIN_MINUTES)
    return local_day(now - margin) - timedelta(days=1)


def first_unsealed_day() -> date | None:
    last = AccessLogSeal.objects.order_by("-day").first()
    if last is not None:
        return last.day + timedelta(days=1)
    first_entry = AccessLog.objects.order_by("at").values_list("at", flat=True).first()
    return local_day(first_entry) if first_entry else None


def transaction_open_since_before(moment: datetime) -> bool:
    """Whether another session of this database is in a transaction that began before
    `moment` (it may still commit entries stamped before it). The application's role sees its
    own sessions' start times, which are the ones that write the log."""
    if connection.vendor != "postgresql":
        return False  # SQLite, the demo's database, has one writer at a time
    with connection.cursor() as cursor:
        # Within a transaction PostgreSQL shows the activity as it first read it: read afresh.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start < %s",
            [moment],
        )
        return cursor.fetchone()[0] > 0


def seal_due_days(now: datetime | None = None) -> list[AccessLogSeal]:
    """Seal every day not sealed yet that ended more than the margin ago, oldest first: the
    beat job runs it after midnight, and a job that did not run for days catches up. Running it
    twice seals nothing twice."""
    sealed = []
    day, until = first_unsealed_day(), last_sealable_day(now)
    while day is not None and day <= until:
        if transaction_open_since_before(day_bounds(day)[1]):
            logger.warning("access log: %s not sealed yet, a transaction from then is open", day)
            break
        seal = _seal(day)
        if seal is None:  # another worker sealed it meanwhile
            break
        sealed.append(seal)
        day += timedelta(days=1)
    return sealed


def _seal(day: date) -> AccessLogSeal | None:
    try:
        with transaction.atomic():
            previous = AccessLogSeal.objects.filter(day=day - timedelta(days=1)).first()
            previous_digest = previous.digest if previous else GENESIS
            count, digest = digest_of(day, previous_digest, entries_of(day))
            seal = AccessLogSeal.objects.create(
                day=day,
                entries=count,
                digest=digest,
                previous_digest=previous_digest,
                key_fingerprint=key_fingerprint(),
            )
    except IntegrityError:
        return None
    # The digest also goes to the worker's log, kept apart from the database: a copy to compare
    # with should the seals themselves be rewritten.
    logger.info("access log sealed: day=%s entries=%s digest=%s", day, count, digest)
    return seal


@dataclass(frozen=True)
class Mismatch:
    day: date
    reason: str


@dataclass(frozen=True)
class Verification:
    days: int
    entries: int
    mismatch: Mismatch | None
    unsealed_from: date | None

    @property
    def ok(self) -> bool:
        return self.mismatch is None


def verify_chain() -> Verification:
    """Recompute every sealed day in order; stop at the first that does not match."""
    days = entries = 0
    previous_digest, expected_day = GENESIS, None
    mismatch = None
    fingerprint = key_fingerprint()
    first_entry = AccessLog.objects.order_by("at").values_list("at", flat=True).first()
    for seal in AccessLogSeal.objects.order_by("day").iterator():
        if expected_day is None and first_entry and local_day(first_entry) < seal.day:
            mismatch = Mismatch(local_day(first_entry), "entries dated before the first seal")
        elif expected_day is not None and seal.day != expected_day:
            mismatch = Mismatch(expected_day, "this day has no seal: a seal was removed")
        elif seal.previous_digest != previous_digest:
            mismatch = Mismatch(seal.day, "the seal does not follow the day before's")
        elif seal.key_fingerprint != fingerprint:
            mismatch = Mismatch(seal.day, "sealed with another key: ACCESS_LOG_SEAL_KEY changed?")
        else:
            count, digest = digest_of(seal.day, previous_digest, entries_of(seal.day))
            if count != seal.entries:
                mismatch = Mismatch(
                    seal.day,
                    f"{count} entries now, {seal.entries} when sealed: rows deleted or added",
                )
            elif not hmac.compare_digest(digest, seal.digest):
                mismatch = Mismatch(seal.day, "an entry of this day was changed")
        if mismatch:
            break
        previous_digest, days, entries = seal.digest, days + 1, entries + count
        expected_day = seal.day + timedelta(days=1)
    return Verification(
        days=days,
        entries=entries,
        mismatch=mismatch,
        unsealed_from=None if mismatch else first_unsealed_day(),
    )
