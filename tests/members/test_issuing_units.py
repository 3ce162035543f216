"""An institution's issuing units: its letterheads, added, changed and archived from its page by its keepers."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from council.services.councils import council_update
from members.models import IssuingUnit, validate_oficio_pattern
from members.services.issuing_units import issuing_unit_archive, issuing_unit_create
from tests.formdata import read_version
from tests.members.factories import IssuingUnitFactory

pytestmark = pytest.mark.django_db


def _image(fmt="PNG", name="logo.png", size=(40, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def _unit_data(**overrides):
    data = {
        "lines": "Subsecretaría de Planeación\r\n\r\nDirección General Jurídica ",
        "place": "Monterrey, Nuevo León",
        "address": "Washington 2000 Ote., Col. Obrera, Monterrey, N.L.",
        "phone": "81 2033 0000",
        "web": "www.nl.gob.mx",
        "oficio_pattern": "SII/{year}/{n:03d}",
        "initials": "JPR/mlg",
    }
    data.update(overrides)
    return data


def test_staff_add_a_unit_with_its_letterhead_and_logo(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    institution = world.seat_a.institution
    client.force_login(world.staff_x)
    url = reverse("members:issuing_unit_create", args=[institution.pk])
    response = client.post(url, _unit_data(logo=_image(name="Logo Movilidad (final).png")), follow=True)
    body = response.content.decode()
    assert "Se agregó la unidad emisora de Institución A." in body
    unit = institution.issuing_units.order_by("pk").last()
    assert unit.unit_lines == ["Subsecretaría de Planeación", "Dirección General Jurídica"]
    assert unit.logo.name.startswith("logos/Logo_Movilidad_final")
    assert unit.footer == "Washington 2000 Ote., Col. Obrera, Monterrey, N.L. · Tel. 81 2033 0000 · www.nl.gob.mx"
    assert unit.oficio_number(year=2026, n=7) == "SII/2026/007"
    assert unit.initials == "JPR/mlg"  # printed at the foot of its letters
    assert "Dirección General Jurídica" in body and 'alt="Logotipo de Institución A"' in body
    assert unit.history.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.png", b"no soy una imagen"), "Seleccione una imagen válida"),
        (_image("GIF", "logo.gif"), "No se aceptan archivos .gif. Tipos permitidos: .png, .jpg, .jpeg."),
        (_image("PNG", "logo.pdf"), "No se aceptan archivos .pdf"),
    ],
)
def test_an_invalid_logo_is_refused(client, world, upload, message):
    client.force_login(world.staff_x)
    url = reverse("members:issuing_unit_create", args=[world.seat_a.institution.pk])
    response = client.post(url, _unit_data(logo=upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert world.seat_a.institution.issuing_units.count() == 1


def test_a_logo_too_large_is_refused(client, world, monkeypatch):
    monkeypatch.setattr("members.forms.LOGO_MAX_SIZE", 100)
    client.force_login(world.staff_x)
    url = reverse("members:issuing_unit_create", args=[world.seat_a.institution.pk])
    response = client.post(url, _unit_data(logo=_image(size=(300, 300))))
    assert "el máximo permitido es 100" in response.content.decode()


@pytest.mark.parametrize(
    ("pattern", "code"),
    [
        ("SII/{year}", "oficio_pattern_number"),
        ("SII/{year}/{n:03d}/{user}", "oficio_pattern_field"),
        ("SII/{n.__class__}", "oficio_pattern_field"),
        ("SII/{n:zz}", "oficio_pattern_format"),
        ("SII/{n", "oficio_pattern_format"),
    ],
)
def test_an_oficio_pattern_substitutes_only_the_year_and_the_number(pattern, code):
    with pytest.raises(ValidationError) as refused:
        validate_oficio_pattern(pattern)
    assert refused.value.code == code
    validate_oficio_pattern("DGE/{n}-{year}")


def test_staff_edit_a_unit_with_its_version(client, world):
    unit = world.seat_a.institution.issuing_units.get()
    client.force_login(world.staff_x)
    url = reverse("members:issuing_unit_edit", args=[unit.pk])
    data = {**_unit_data(lines="Dirección Nueva"), **read_version(client, url)}
    assert client.post(url, data).status_code == 302
    unit.refresh_from_db()
    assert unit.unit_lines == ["Dirección Nueva"]
    stale = client.post(url, {**data, "lines": "Otra más"})  # the version read before the save above
    assert stale.status_code == 409
    unit.refresh_from_db()
    assert unit.unit_lines == ["Dirección Nueva"]


def test_staff_of_another_council_cannot_change_the_units(client, world):
    """A sits only in X: Y's staff get 403 on adding, editing and archiving its units, and nothing changes."""
    institution = world.seat_a.institution
    unit = institution.issuing_units.get()
    second = IssuingUnitFactory(institution=institution, lines="Segunda")
    client.force_login(world.staff_y)
    create = reverse("members:issuing_unit_create", args=[institution.pk])
    edit = reverse("members:issuing_unit_edit", args=[unit.pk])
    archive = reverse("members:issuing_unit_archive", args=[second.pk])
    for url in (create, edit, archive):
        assert client.get(url).status_code == 403
    assert client.post(create, _unit_data()).status_code == 403
    assert client.post(edit, _unit_data(lines="Ajena")).status_code == 403
    assert client.post(archive).status_code == 403
    assert institution.issuing_units.count() == 2 and not institution.issuing_units.filter(lines="Ajena").exists()
    second.refresh_from_db()
    assert second.archived_at is None
    body = client.get(reverse("members:institution_detail", args=[institution.pk])).content.decode()
    assert edit not in body and "Segunda" in body


def test_a_unit_is_archived_not_deleted_and_an_institution_keeps_one(client, world):
    institution = world.seat_a.institution
    first = institution.issuing_units.get()
    with pytest.raises(ValidationError, match="única unidad emisora vigente"):
        issuing_unit_archive(unit=first)
    second = issuing_unit_create(institution=institution, data={"lines": "Segunda"})
    client.force_login(world.staff_x)
    url = reverse("members:issuing_unit_archive", args=[first.pk])
    assert "¿Archivar esta unidad emisora?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    first.refresh_from_db()
    assert first.archived_at is not None and IssuingUnit.objects.filter(pk=first.pk).exists()
    assert client.get(reverse("members:issuing_unit_edit", args=[first.pk])).status_code == 404
    with pytest.raises(ValidationError, match="única unidad emisora vigente"):
        issuing_unit_archive(unit=second)


def test_a_council_default_unit_is_not_archived(world):
    institution = world.council_x.secretariat_institution
    unit = institution.issuing_units.get()
    IssuingUnitFactory(institution=institution)
    council_update(council=world.council_x, data={"default_issuing_unit": unit})
    with pytest.raises(ValidationError, match="predeterminada de X"):
        issuing_unit_archive(unit=unit)
