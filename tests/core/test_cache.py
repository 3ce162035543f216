"""The Redis cache backend keeps one client per pool and still stores, reads and forgets like Django's."""

import uuid

import pytest

from core.cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Sin Redis en 127.0.0.1:6379")
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex[:8]}"})
    yield cache
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{cache.key_prefix}:*"):
        client.delete(key)


def test_one_client_serves_every_operation(redis_cache):
    first = redis_cache._cache.get_client("a")
    assert redis_cache._cache.get_client("b", write=True) is first


def test_it_stores_reads_and_forgets(redis_cache):
    redis_cache.set("pagina", ("v1", "<html>"), 60)
    assert redis_cache.add("version", "t1", None)
    assert not redis_cache.add("version", "t2", None)
    assert redis_cache.get_many(["pagina", "version", "otra"]) == {"pagina": ("v1", "<html>"), "version": "t1"}
    redis_cache.delete("pagina")
    assert redis_cache.get("pagina") is None
