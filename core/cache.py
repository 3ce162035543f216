"""Django's Redis cache backend, keeping one Redis client per connection pool instead of building one per call.

(Also the name of the database cache's table, the cache without Redis.)

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for
every cache operation; each one fills a table of about two hundred response
callbacks, some 0.1 ms of CPU — as much as the operation itself, and two of
them on every request that reads the session and a cached page. A
``redis.Redis`` holds no connection of its own (it borrows one from the pool
per command) and is safe to share between threads, so one per pool is kept.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

# The database cache's table, used when no REDIS_URL is set; a migration makes it whatever the settings.
DATABASE_CACHE_TABLE = "sesiones_cache"


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``RedisCacheClient`` above."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
