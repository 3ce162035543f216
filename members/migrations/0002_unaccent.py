from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL's unaccent, so that searching "Educacion" finds "Educación" (a no-op on SQLite)."""

    dependencies = [("members", "0001_initial")]

    operations = [UnaccentExtension()]
