"""The move of the letterheads to issuing units: what every institution and nota printed before, it prints after."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from members.models import Institution, IssuingUnit
from sessions_app.documents.builders import letterhead
from sessions_app.models import InformativeNote

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("members", "0006_person_gender"),
    ("council", "0006_seat_dates_and_council_grammar"),
    ("sessions_app", "0004_one_line_fields"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_every_institution_and_nota_keeps_its_letterhead_after_the_move():
    old = _migrate(BEFORE)
    OldInstitution = old.get_model("members", "Institution")
    segob = OldInstitution.objects.create(
        name="Secretaría de Gobernación",
        short_name="SEGOB",
        city="Ciudad de México",
        letterhead_units="SUBSECRETARÍA DE DERECHOS HUMANOS\nDIRECCIÓN GENERAL DE ESTRATEGIAS",
        footer_address="Circular de Morelia No.8, Col. Roma Norte, C. P. 06600, Ciudad de México.",
        address="Abraham González 48\nCol. Juárez",
        logo="logos/segob.png",
    )
    bare = OldInstitution.objects.create(name="Secretaría sin membrete", address="Calle 1\nCentro, Monterrey")
    council = old.get_model("council", "Council").objects.create(
        name="Consejo de Prueba",
        short_name="CP",
        presiding_institution=bare,
        secretariat_institution=bare,
        agreement_prefix="CP",
    )
    when = dt.datetime(2022, 10, 7, 10, tzinfo=dt.UTC)
    session = old.get_model("sessions_app", "Session").objects.create(
        council=council, number=1, year=2022, starts_at=when, ends_at=when + dt.timedelta(hours=2)
    )
    note = old.get_model("sessions_app", "InformativeNote").objects.create(
        session=session, issuer=segob, place="Ciudad de México", date=when.date()
    )

    _migrate(_latest())

    unit = IssuingUnit.objects.get(institution_id=segob.pk)
    assert unit.unit_lines == ["SUBSECRETARÍA DE DERECHOS HUMANOS", "DIRECCIÓN GENERAL DE ESTRATEGIAS"]
    assert (unit.place, unit.logo.name) == ("Ciudad de México", "logos/segob.png")
    assert unit.footer == "Circular de Morelia No.8, Col. Roma Norte, C. P. 06600, Ciudad de México."
    assert unit.history.count() == 1
    other = IssuingUnit.objects.get(institution_id=bare.pk)
    assert (other.unit_lines, other.footer) == ([], "Calle 1, Centro, Monterrey")  # the address, as it printed
    assert InformativeNote.objects.get(pk=note.pk).issuing_unit == unit
    printed = letterhead(other, council=council)
    assert printed["issuer"] == Institution.objects.get(pk=bare.pk) and printed["unit_lines"] == []
