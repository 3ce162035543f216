"""Make the database cache's table whatever cache the settings name at migrate time.

0003 ran ``createcachetable``, which makes only the tables of the caches
configured at that moment: a database migrated with REDIS_URL set got none,
and once run without Redis (as the README allows, a restored backup for one)
every page that reads the cache failed. The table is now made by its name; a
database that has it already is left as it is.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

from core.cache import DATABASE_CACHE_TABLE


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, DATABASE_CACHE_TABLE, dry_run=False)


class Migration(migrations.Migration):
    dependencies = [("council", "0003_cache_table")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
