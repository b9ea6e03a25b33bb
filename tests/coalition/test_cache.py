"""The Redis cache's client: one per server, shared by every call and thread."""

import os
import threading

import pytest

from coalition.cache import ResilientRedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL")


@pytest.fixture
def cache():
    # Entries expire on their own: clear() would flush the whole Redis database.
    return ResilientRedisCache(REDIS_URL, {"KEY_PREFIX": "test-cache-client", "TIMEOUT": 60})


def test_every_call_uses_the_same_client(cache):
    cache.set("a", {"figure": 1})
    first = cache._cache.get_client("a")
    assert cache.get("a") == {"figure": 1}
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("a", write=True) is first


def test_threads_share_the_client_and_each_reads_its_own_values(cache):
    clients, errors = set(), []

    def work(n: int) -> None:
        try:
            for i in range(50):
                cache.set(f"thread-{n}-{i}", (n, i))
                assert cache.get(f"thread-{n}-{i}") == (n, i)
            clients.add(id(cache._cache.get_client()))
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(clients) == 1
