"""Annexes per agenda item: checked on upload, fingerprinted, downloaded only by those convened, archived."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sessions_app.models import AgendaItem, Document
from sessions_app.services.annexes import annex_archive, annex_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def item(world):
    return AgendaItem.objects.create(session=world.session_x, order=1, title="Programa Estatal")


def _upload(name="Presentación del Programa.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_upload_is_stored_with_its_fingerprint_and_size(world, item):
    document = annex_upload(agenda_item=item, file=_upload(), uploaded_by=world.staff_x)
    assert document.kind == Document.Kind.ANNEX and document.session == world.session_x
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.size == len(PDF)
    assert document.title == "Presentacion del Programa"
    with document.file.open("rb") as stored:
        assert stored.read() == PDF


def test_staff_upload_an_annex_from_the_item_page(client, world, item):
    client.force_login(world.staff_x)
    url = reverse("sessions_app:annexes", args=[world.session_x.pk, item.pk])
    response = client.post(url, {"file": _upload(), "title": "Programa Estatal 2025"}, follow=True)
    body = response.content.decode()
    assert "Se anexó «Programa Estatal 2025»." in body
    assert hashlib.sha256(PDF).hexdigest() in body
    assert Document.objects.get(agenda_item=item).uploaded_by == world.staff_x


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("grande.pdf", b"%PDF-" + b"x" * 2000), "el máximo permitido es 1"),
        (SimpleUploadedFile("setup.exe", b"MZ\x90\x00"), "No se aceptan archivos .exe"),
        (
            SimpleUploadedFile("falso.pdf", b"MZ\x90\x00 no es PDF"),
            "El contenido del archivo no corresponde a su tipo.",
        ),
        (None, "Elija el archivo que desea anexar."),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(client, world, item, settings, upload, message):
    settings.MAX_UPLOAD_SIZE = 1024
    client.force_login(world.staff_x)
    url = reverse("sessions_app:annexes", args=[world.session_x.pk, item.pk])
    response = client.post(url, {"file": upload} if upload else {})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


def _download(client, user, document):
    client.force_login(user)
    return client.get(reverse("sessions_app:annex_download", args=[document.session_id, document.pk]))


def test_staff_and_convened_delegates_download_it_as_an_attachment_with_a_safe_name(client, world, item):
    document = annex_upload(agenda_item=item, file=_upload(), title="Presentación: «Programa» / 2025")
    for user in (world.staff_x, world.delegate_a):
        response = _download(client, user, document)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert 'filename="Presentacion_Programa_2025.pdf"' in disposition


def test_others_cannot_download(client, world, item):
    document = annex_upload(agenda_item=item, file=_upload())
    assert _download(client, world.delegate_b, document).status_code == 403
    assert _download(client, world.staff_y, document).status_code == 403
    client.logout()
    response = client.get(reverse("sessions_app:annex_download", args=[document.session_id, document.pk]))
    assert response.status_code == 302


def test_an_annex_of_another_session_is_404(client, world, item):
    document = annex_upload(agenda_item=item, file=_upload())
    client.force_login(world.admin)
    url = reverse("sessions_app:annex_download", args=[world.session_y.pk, document.pk])
    assert client.get(url).status_code == 404


def test_archiving_asks_for_confirmation_and_keeps_the_file_for_staff(client, world, item):
    document = annex_upload(agenda_item=item, file=_upload(), title="Versión preliminar")
    client.force_login(world.staff_x)
    url = reverse("sessions_app:annex_archive", args=[world.session_x.pk, document.pk])
    assert "Sí, archivar" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "Se archivó el anexo «Versión preliminar»." in response.content.decode()
    assert "1 anexo archivado" in response.content.decode()
    document.refresh_from_db()
    assert document.archived_at is not None
    assert _download(client, world.staff_x, document).status_code == 200
    assert _download(client, world.delegate_a, document).status_code == 403
    session_page = client.get(world.session_x.get_absolute_url()).content.decode()
    assert "Versión preliminar" not in session_page


def test_archiving_twice_keeps_the_first_date(world, item):
    document = annex_upload(agenda_item=item, file=_upload())
    first = annex_archive(document=document).archived_at
    assert annex_archive(document=document).archived_at == first


def test_the_session_page_links_each_annex_for_download(client, world, item):
    document = annex_upload(agenda_item=item, file=_upload(), title="Programa Estatal")
    client.force_login(world.delegate_a)
    body = client.get(world.session_x.get_absolute_url()).content.decode()
    assert reverse("sessions_app:annex_download", args=[world.session_x.pk, document.pk]) in body


def test_a_missing_file_is_a_404_not_a_500(client, world, item):
    document = annex_upload(agenda_item=item, file=_upload())
    document.file.storage.delete(document.file.name)
    assert _download(client, world.staff_x, document).status_code == 404
