"""Migration 0003 places the institutions that existed before places did, and keeps every one of them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("members", "0002_unaccent")]
AFTER = [("members", "0003_institution_place")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    """Every app's last migration: where the rest of the suite expects the schema."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_row_and_infers_what_it_can():
    old = _migrate(BEFORE).get_model("members", "Institution")
    rows = {
        "salud": old.objects.create(name="Secretaría de Salud", kind="state_ministry", city="Monterrey"),
        "variant": old.objects.create(name="SECRETARIA DE SALUD", kind="state_ministry", city="Monterrey"),
        "segob": old.objects.create(
            name="Secretaría de Gobernación",
            kind="federal_agency",
            government_order="federal",
            footer_address="Circular de Morelia No.8, Ciudad de México.",
        ),
        "judiciary": old.objects.create(name="Poder Judicial del Estado de Jalisco", kind="judiciary"),
        "academia": old.objects.create(name="Academia", kind="academia", government_order="none", city="Monterrey"),
        "unknown": old.objects.create(name="Municipio de Apodaca", kind="municipality", government_order="municipal"),
        "other": old.objects.create(name="Organización X", kind="other", government_order="none"),
    }
    try:
        new = _migrate(AFTER).get_model("members", "Institution")
        placed = {key: new.objects.get(pk=row.pk) for key, row in rows.items()}
        assert new.objects.count() == len(rows)
        assert {key: (row.government_order, row.state) for key, row in placed.items()} == {
            "salud": ("state", "19"),
            "variant": ("state", "19"),
            "segob": ("federal", ""),
            "judiciary": ("judiciary", "14"),
            "academia": ("academia", "19"),
            "unknown": ("municipal", ""),
            "other": ("civil_society", ""),
        }
        # The old rule let case variants of one name in one place through; the new one tells them apart.
        assert placed["salud"].name == "Secretaría de Salud"
        assert placed["variant"].name == f"SECRETARIA DE SALUD (posible duplicado {rows['variant'].pk})"
    finally:
        _migrate(_latest())  # leave the schema as the rest of the suite expects it, whatever happened
