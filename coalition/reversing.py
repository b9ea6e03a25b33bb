"""URLs reversed once per name, then filled in with each use's ids.

Django's `reverse` looks the name up, matches the arguments against the pattern and quotes the
result on every call, about 30 µs; the case page reverses two dozen names that take a case's id,
the layout of every page seven that take nothing. For a name whose arguments are row ids, the
URL is the same text around the ids whatever the ids are: it is reversed once, with ids no row
has, and kept as the text between them, per URLconf, script prefix, language and application
namespace (whatever `reverse` itself depends on).
"""

from collections.abc import Sequence
from functools import lru_cache

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# The first of the ids reversed in place of a URL's ids: 18 digits, as many as a row id in a URL
# may have (coalition/converters.py), so it passes every id pattern and names no row.
ANY_ID = 987_654_321_987_654_321


def url_for_ids(
    name: str, ids: Sequence[int] = (), current_app: str | None = None, *, now=None
) -> str | None:
    """`reverse(name, args=ids)` for integer ids, or None when the name does not reverse with
    that many ids (not installed, or its arguments are not ids): the caller then asks `reverse`,
    which says why. `now` is `reversing_now()`, for a caller that reverses many names at once."""
    parts = parts_between_ids(name, len(ids), current_app, now=now)
    if parts is None:
        return None
    url = [parts[0]]
    for id_, after in zip(ids, parts[1:], strict=True):
        url += (str(int(id_)), after)
    return "".join(url)


def parts_between_ids(
    name: str, count: int, current_app: str | None = None, *, now=None
) -> tuple[str, ...] | None:
    """The text of `name`'s URL before, between and after `count` ids (None as in
    `url_for_ids`)."""
    return _parts(*(now or reversing_now()), current_app, name, count)


def reversing_now() -> tuple:
    """What `reverse` reads besides its arguments: the URLconf's resolver, the script prefix and
    the language. Each is a context-local lookup of a few microseconds: a page that reverses
    many names reads them once."""
    return get_resolver(get_urlconf()), get_script_prefix(), get_language()


@lru_cache(maxsize=1024)
def _parts(resolver, script_prefix, language, current_app, name, count):
    """Keyed by the resolver object, which Django makes anew whenever the URLs change (a test's
    own URLconf included), and by whatever else `reverse` reads."""
    placeholders = [str(ANY_ID + i) for i in range(count)]
    try:
        url = reverse(name, args=[ANY_ID + i for i in range(count)], current_app=current_app)
    except NoReverseMatch:
        return None
    parts = []
    for placeholder in placeholders:
        before, found, url = url.partition(placeholder)
        # Each id must appear once, as itself: a pattern that spells an id another way (or
        # repeats it) is left to `reverse`.
        if not found or placeholder in url or any(p in before for p in placeholders):
            return None
        parts.append(before)
    parts.append(url)
    return tuple(parts)
