"""Who the signed-in person is, and what their role lets them do."""

import copy
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import suppress
from functools import wraps
from typing import TypeVar

from cachetools import TTLCache
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Subquery
from guardian.core import ObjectPermissionChecker

from coalition.cache import in_write_transaction

from .models import AccessVersion, Organization, Staff

# Per-request caches of access facts kept on the user object; forget_access() clears them.
ACCESS_CACHES = ("_org_perms_cache", "_case_access_facts", "_access_version", "_row_labels")
# Between requests the facts live in the cache under the user and the access version; an
# entry of a version that has changed is never read again and expires.
FACTS_SECONDS = 15 * 60
IN_PROCESS_SECONDS = 60
IN_PROCESS_ENTRIES = 2000

T = TypeVar("T")


class KeptInProcess:
    """The process's own copies of the facts: the objects themselves, shared by its requests,
    so each must be read and never changed (a model instance is handed out as a copy). Django's
    local-memory cache pickles what it keeps: unpickling a supervisor's facts and the coalition's
    names, and making again the id sets a page's queries send, cost about a tenth of the CPU of
    a search. A lock, as gunicorn's threads share the map."""

    def __init__(self, timer: Callable[[], float] = time.monotonic):
        self._kept = TTLCache(maxsize=IN_PROCESS_ENTRIES, ttl=IN_PROCESS_SECONDS, timer=timer)
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            return self._kept.get(key)

    def set(self, key: str, value) -> None:
        with self._lock:
            self._kept[key] = value


in_process = KeptInProcess()


def forget_access(user) -> None:
    """After a role, team, grant or referral change, re-read what the user may see."""
    for name in ACCESS_CACHES:
        with suppress(AttributeError):  # delattr, not __dict__: request.user is a lazy object
            delattr(user, name)


def access_changed() -> None:
    """Call in the transaction of every write that changes what someone may see (a role, a team,
    an account or organisation switched on or off, a grant, a share, consent to share): cached
    facts stop counting when it commits. Writers of such changes queue behind each other on
    this one row for the rest of their transaction; such changes are rare beside reads."""
    if not AccessVersion.objects.filter(pk=1).update(token=uuid.uuid4()):
        AccessVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4()})


def current_version() -> Subquery:
    """The access version as a column, for the query that loads the signed-in user
    (members.backends): `remember_version` then spares `cached_access` a query of its own."""
    return Subquery(AccessVersion.objects.filter(pk=1).values("token")[:1])


def remember_version(user, version: uuid.UUID | None) -> None:
    if version is not None:
        user._access_version = version


def cached_access(user, name: str, read: Callable[[], T], *, per_user: bool = True) -> T:
    """`read()` (the user's `name` facts), kept in the cache until the access version changes;
    with `per_user=False`, facts that are the same for everyone, kept once for all.

    One query (the version) per request, then none; none at all when the version came with the
    user (`remember_version`). Inside a transaction the facts are read afresh and not kept: a
    service judges a write on the database as it is, and what it has written but not committed
    yet must never reach another request. When the cache is down it misses, and the facts are
    read from the database as they would be without it.

    The process keeps them for a minute (`in_process`): a page reads three or four such
    facts, and each trip to a shared cache cost about 0.1 ms of CPU. Under their access
    version the facts do not change, so the process's are as good as the shared cache's; the
    minute only bounds how long a change made without a new version (a bulk rename outside the
    services) takes beyond the shared cache's 15 minutes.
    """
    version = access_version(user)
    if version is None:
        return read()
    key = f"access:{name}:{user.pk}:{version.hex}" if per_user else f"access:{name}:{version.hex}"
    value = in_process.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = read()
            cache.set(key, value, FACTS_SECONDS)
        in_process.set(key, value)
    return value


def access_version(user) -> uuid.UUID | None:
    """The access version the user's facts are kept under (`cached_access`), read once per
    request; None where they are read afresh: inside a write transaction, or with no version
    row (nothing to key them by)."""
    if in_write_transaction():
        return None
    version = getattr(user, "_access_version", None)
    if version is None:
        version = AccessVersion.objects.filter(pk=1).values_list("token", flat=True).first()
        if version is None:
            return None
        user._access_version = version
    return version


def kept_organization(user, organization_id: int) -> Organization:
    """The organisation as kept under the access version, which every change to it renews
    (members.services.save_organization): switched on or off, renamed. Joined to the query that
    loads the signed-in user (members.backends) or a case, its 19 columns cost about a
    millisecond. A kept copy may hold an older directory entry or capacity: what shows or
    changes those reads the organisation afresh (members.services.directory)."""

    def read() -> Organization:
        return Organization.objects.get(pk=organization_id)

    kept = cached_access(user, f"organization:{organization_id}", read, per_user=False)
    return copy.copy(kept)  # the process's requests share the kept one (`KeptInProcess`)


def staff_of(user) -> Staff | None:
    """The user's staff record with its organisation (read in one query, then cached on the
    user as `user.staff`), or None for a user who is not staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    reverse = Staff.user.field.remote_field  # `user.staff`
    if not reverse.is_cached(user):
        staff = Staff.objects.select_related("organization").filter(user_id=user.pk).first()
        reverse.set_cached_value(user, staff)  # None too: `user.staff` then raises, unasked
        if staff is not None:
            Staff.user.field.set_cached_value(staff, user)
    try:
        return user.staff
    except ObjectDoesNotExist:
        return None


def org_perms(user) -> frozenset[str]:
    """The codenames the user holds on their own organisation, read once per request."""
    cached = getattr(user, "_org_perms_cache", None)
    if cached is not None:
        return cached
    perms = frozenset()
    if getattr(user, "is_authenticated", False) and user.is_active:
        perms = cached_access(user, "perms", lambda: _read_org_perms(user))
    user._org_perms_cache = perms
    return perms


def _read_org_perms(user) -> frozenset[str]:
    staff = staff_of(user)
    if staff is None or not staff.organization.active:
        return frozenset()
    return frozenset(ObjectPermissionChecker(user).get_perms(staff.organization))


def has_org_perm(user, codename: str) -> bool:
    return codename in org_perms(user)


def org_permission_required(codename: str):
    """View decorator: the signed-in staff member's role must hold `codename`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_org_perm(request.user, codename):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
