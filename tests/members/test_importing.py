"""Import and export of the directory: preview writes nothing, confirm applies all or nothing, twice is once."""

import csv
import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import load_workbook

from core.spreadsheets import read_rows, xlsx_bytes
from members.importing import DIRECTORY_COLUMNS, directory_import
from members.models import Institution, Person, State
from tests.members.factories import InstitutionFactory, PersonFactory

pytestmark = pytest.mark.django_db

HEADERS = dict(DIRECTORY_COLUMNS)
JALISCO = {
    "institution": "Institución A",
    "short_name": "IAJ",
    "kind": "Dependencia estatal",
    "government_order": "Estatal",
    "state": "Jalisco",
}


def xlsx_upload(rows, columns=DIRECTORY_COLUMNS, name="directorio.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(columns, rows))


def csv_upload(rows, columns=DIRECTORY_COLUMNS, name="directorio.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([header for _key, header in columns])
    for row in rows:
        writer.writerow([row.get(key, "") for key, _header in columns])
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"))


def person(n, **extra):
    return {
        **JALISCO,
        "honorific": "Mtra.",
        "full_name": f"Persona Jalisco {n}",
        "gender": "Femenino",
        "post": "Directora",
        "email": f"p{n}@jalisco.gob.mx",
        **extra,
    }


def counts():
    return Institution.objects.count(), Person.objects.count(), Institution.history.count(), Person.history.count()


def preview(client, upload):
    return client.post(reverse("members:import"), {"file": upload})


def confirm(client, response):
    token = response.context["token"]
    return client.post(reverse("members:import_confirm"), {"token": token, "form_token": f"t-{token}"})


def test_preview_writes_nothing_and_confirm_creates_in_another_state(client, world):
    """A Jalisco file whose institution shares its name with Nuevo León's creates a new one there."""
    client.force_login(world.staff_x)
    before = counts()
    response = preview(client, xlsx_upload([person(1), person(2)]))
    assert response.status_code == 200
    assert [row.status for row in response.context["report"].rows] == ["created", "created"]
    assert "Registra la institución Institución A (IAJ) · Jalisco" in response.content.decode()
    assert counts() == before

    response = confirm(client, response)
    assert response.status_code == 302
    jalisco = Institution.objects.get(name="Institución A", state=State.JALISCO)
    assert jalisco.pk != world.seat_a.institution.pk
    assert world.seat_a.institution.state == State.NUEVO_LEON
    assert set(jalisco.people.values_list("email", flat=True)) == {"p1@jalisco.gob.mx", "p2@jalisco.gob.mx"}
    assert jalisco.history.count() == 1 and Person.history.filter(institution_id=jalisco.pk).count() == 2


def test_importing_the_same_file_twice_changes_nothing(client, world):
    client.force_login(world.staff_x)
    rows = [person(1), person(2, phone="+52 33 1234")]
    confirm(client, preview(client, csv_upload(rows)))
    after_first = counts()
    response = preview(client, csv_upload(rows))
    assert {row.status for row in response.context["report"].rows} == {"unchanged"}
    confirm(client, response)
    assert counts() == after_first


def test_refused_rows_say_why_in_spanish_and_block_the_whole_import(client, world):
    client.force_login(world.staff_x)
    rows = [
        person(1),
        person(2, state="Atlántida"),
        person(3, email=""),
        person(1),
        {**person(4), "email": "p1@jalisco.gob.mx"},
        person(5, gender="Otro"),
    ]
    response = preview(client, xlsx_upload(rows))
    report = response.context["report"]
    reasons = {row.line: " ".join(row.reasons) for row in report.rows}
    assert reasons[2] == ""
    assert "Entidad federativa desconocida: «Atlántida»." in reasons[3]
    assert "Falta el correo institucional" in reasons[4]
    assert "Fila repetida: es igual a la fila 2." in reasons[5]
    assert "El correo p1@jalisco.gob.mx ya aparece en la fila 2." in reasons[6]
    assert "Género desconocido: «Otro»." in reasons[7]
    assert "Confirmar importación" not in response.content.decode()
    before = counts()
    # Even a confirmation forged with the token applies nothing while a row is refused.
    response = confirm(client, response)
    assert response.status_code == 409
    assert counts() == before


def test_updating_an_institution_kept_by_another_council_is_refused(client, world):
    """Staff of Y may not change A (seated only in X): the row is refused with the reason."""
    client.force_login(world.staff_y)
    a = world.seat_a.institution
    row = {"institution": a.name, "state": "Nuevo León", "short_name": "NUEVA", "government_order": "Estatal"}
    report = directory_import(rows=[{"line": 2, **row}], viewer=world.staff_y, commit=True)
    assert report.rows[0].status == "refused"
    assert "No puede cambiar los datos de Institución A" in report.rows[0].reasons[0]
    a.refresh_from_db()
    assert a.short_name != "NUEVA"
    # X's staff may: the same row updates it, with history.
    report = directory_import(rows=[{"line": 2, **row}], viewer=world.staff_x, commit=True)
    assert report.rows[0].status == "updated"
    a.refresh_from_db()
    assert a.short_name == "NUEVA"
    assert a.history.first().short_name == "NUEVA"


def test_a_person_of_another_institution_is_refused(world):
    someone = PersonFactory(institution=InstitutionFactory(name="Otra"), email="ya@x.gob.mx")
    report = directory_import(rows=[{"line": 2, **person(1, email="YA@x.gob.mx")}], viewer=world.staff_x)
    assert "está registrada en Otra" in report.rows[0].reasons[0]
    assert someone.institution.name == "Otra"


def test_export_round_trips(client, world):
    """Export, then import of that file: every row unchanged, in XLSX and in CSV."""
    client.force_login(world.admin)
    PersonFactory(institution=world.seat_a.institution, phone="-3 formula", full_name="=SUMA(A1)")
    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("members:export"), {"formato": fmt})
        assert response.status_code == 200
        upload = SimpleUploadedFile(f"directorio.{fmt}", response.content)
        rows = read_rows(upload, DIRECTORY_COLUMNS)
        report = directory_import(rows=rows, viewer=world.admin, commit=True)
        assert report.counts["unchanged"] == len(rows), [(r.line, r.changes, r.reasons) for r in report.rows]


def test_templates_have_the_columns_and_an_example(client, world):
    client.force_login(world.staff_x)
    response = client.get(reverse("members:import_template"), {"formato": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == [header for _key, header in DIRECTORY_COLUMNS]
    assert sheet["A2"].value == "Secretaría de Salud"
    response = client.get(reverse("members:import_template"), {"formato": "csv"})
    assert response.content.decode("utf-8-sig").startswith("Institución,Siglas")


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, world):
    client.force_login(world.staff_x)
    response = preview(client, SimpleUploadedFile("a.xlsx", b"PK\x03\x04 not really"))
    assert "No se pudo leer el archivo XLSX." in response.content.decode()
    response = preview(client, SimpleUploadedFile("a.csv", b"Nombre\nx\n"))
    assert "Falta la columna «Institución»" in response.content.decode()


def test_a_clash_registered_between_the_preview_and_the_confirmation_is_a_409_and_writes_nothing(client, world):
    """Someone registers a clashing row meanwhile: the database refuses the bulk write, the page says so (no 500)."""
    client.force_login(world.staff_x)
    response = preview(client, xlsx_upload([person(1)]))
    before = counts()
    with mock.patch("members.importing.DirectoryImport.apply", side_effect=IntegrityError("duplicate key")):
        response = confirm(client, response)
    assert response.status_code == 409
    assert "El directorio cambió desde la vista previa y no se importó nada." in response.content.decode()
    assert counts() == before
