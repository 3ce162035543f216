"""What the council app's migrations make in the database."""

import importlib

import pytest
from django.core.cache import caches
from django.db import connection

from core.cache import DATABASE_CACHE_TABLE

pytestmark = pytest.mark.django_db

DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": DATABASE_CACHE_TABLE}
}
REDIS_CACHE = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}}


def test_a_database_migrated_with_another_cache_still_has_the_database_cache_table(settings):
    """Migrated with Redis (here, the suite's memory cache) and run later without it, the cache works."""
    assert settings.CACHES["default"]["BACKEND"] != DATABASE_CACHE["default"]["BACKEND"]  # as with REDIS_URL set
    assert DATABASE_CACHE_TABLE in connection.introspection.table_names()
    settings.CACHES = DATABASE_CACHE
    caches["default"].set("clave", "valor")
    assert caches["default"].get("clave") == "valor"


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor refuses to run inside the test's transaction
def test_the_migration_makes_the_table_whatever_cache_the_settings_name(settings):
    settings.CACHES = REDIS_CACHE
    migration = importlib.import_module("council.migrations.0004_cache_table_whatever_the_settings")
    with connection.schema_editor() as editor:
        editor.execute(f"DROP TABLE {connection.ops.quote_name(DATABASE_CACHE_TABLE)}")
        migration.create_cache_table(None, editor)
        migration.create_cache_table(None, editor)  # again: the table is there, nothing changes
    assert DATABASE_CACHE_TABLE in connection.introspection.table_names()
