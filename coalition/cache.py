"""A Redis cache that only ever saves work: with its server unreachable, it misses and forgets.

Django's RedisCache raises when Redis is down, which turns a page that merely reads a cached
figure into a 500. Nothing in this project keeps in the cache what it cannot count again, so a
failed read is a miss, and a failed write or delete is logged and dropped. Its client also
keeps one redis.Redis per server rather than making one per call.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connection
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Unreachable, timed out, or refusing writes (out of memory under `noeviction`): all a miss.
UNREACHABLE = (RedisError, OSError)


def in_write_transaction() -> bool:
    """Inside a transaction (a service judging or making a write), not the one a test wraps
    around: what is read there may not be committed, so it is not kept for other requests."""
    return any(not block._from_testcase for block in connection.atomic_blocks)


def _unreachable(operation: str, error: Exception) -> None:
    logger.warning("Cache unreachable (%s): %s; going on without it", operation, error)


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client, with one redis.Redis per connection pool instead of a new one per call.

    Django wraps its pool in a new redis.Redis on every get or set, and each one copies the
    command table: about 70 µs, five times on a case list page. One client per pool serves every
    thread (redis-py's clients are thread-safe; the pool hands each command its own connection)
    and, like the pool, starts afresh in a forked worker.
    """

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            _unreachable("get", error)
            return default

    def strict_get(self, key, default=None, version=None):
        """Django's get, raising when Redis is unreachable: for a reader that must tell a
        miss from an outage (the health check's worker heartbeat)."""
        return super().get(key, default, version)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            _unreachable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            _unreachable("has_key", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            _unreachable("add", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            _unreachable("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            _unreachable("set_many", error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            _unreachable("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            _unreachable("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNREACHABLE as error:
            _unreachable("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as error:
            _unreachable("clear", error)
            return False
