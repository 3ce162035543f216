"""The session's archive whole: the ZIP and ``export_session`` carry the agenda's annexes and the agreements'
evidence beside the documents, each in the manifest with its SHA-256."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from demo.loader import load_demo
from sessions_app.documents.builders import session_slug
from sessions_app.models import Session
from sessions_app.services.agreements import agreement_report_progress
from sessions_app.services.annexes import annex_archive, annex_upload
from tests.worlds import PDF

pytestmark = pytest.mark.django_db

ANNEX = PDF + b"% Proyecto de Programa Estatal\n"
EVIDENCE = PDF + b"% Oficio de avance\n"
WITHDRAWN = PDF + b"% Anexo retirado\n"


@pytest.fixture
def held():
    """The demo's 2022 session with an annex on its programme item, a withdrawn one, and evidence of progress."""
    load_demo(with_accounts=True)
    session = Session.objects.select_related("council").get(starts_at__year=2022)
    item = session.agenda_items.get(order=4)
    staff = session.council.staff.first()
    annex_upload(
        agenda_item=item,
        file=SimpleUploadedFile("Programa Estatal (proyecto).pdf", ANNEX, content_type="application/pdf"),
        uploaded_by=staff,
    )
    withdrawn = annex_upload(
        agenda_item=item, file=SimpleUploadedFile("retirado.pdf", WITHDRAWN, content_type="application/pdf")
    )
    annex_archive(document=withdrawn)
    agreement = session.agreements.get(sequence=5)
    agreement_report_progress(
        agreement=agreement,
        text="Se envió el protocolo a revisión.",
        author=staff,
        institution=None,
        evidence=SimpleUploadedFile("Oficio número 12.pdf", EVIDENCE, content_type="application/pdf"),
    )
    return session


def _check(files: dict[str, bytes], manifest: dict) -> None:
    assert files["anexos/04-programa_estatal_proyecto.pdf"] == ANNEX  # the item's number, the stored name
    [evidence] = [name for name in files if name.startswith("evidencias/cinl-01-ord-2022-05/")]  # the agreement's
    assert evidence.endswith("-oficio_numero_12.pdf") and files[evidence] == EVIDENCE
    assert WITHDRAWN not in files.values()  # a withdrawn annex is not part of the record
    listed = {entry["name"]: entry["sha256"] for entry in manifest["documents"]}
    assert set(listed) == set(files) - {"manifest.json"}
    assert all(hashlib.sha256(files[name]).hexdigest() == digest for name, digest in listed.items())


def test_the_zip_carries_the_annexes_and_the_evidence_with_their_hashes(client, held):
    client.force_login(held.council.staff.first())
    response = client.get(reverse("sessions_app:documents_zip", args=[held.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    files = {name: archive.read(name) for name in archive.namelist()}
    _check(files, json.loads(files["manifest.json"]))


def test_the_zip_says_its_size_so_the_browser_shows_how_far_along_the_download_is(client, held):
    """Content-Length: the browser's download shows a determinate progress, not an unknown size."""
    client.force_login(held.council.staff.first())
    response = client.get(reverse("sessions_app:documents_zip", args=[held.pk]))
    body = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(body) > 0
    assert response["Content-Disposition"] == f'attachment; filename="{session_slug(held)}.zip"'
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None


def test_export_session_writes_the_annexes_and_the_evidence_with_their_hashes(held, tmp_path):
    call_command("export_session", "--session", str(held.pk), "--out", str(tmp_path), stdout=io.StringIO())
    folder = tmp_path / session_slug(held)
    files = {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    _check(files, json.loads(files["manifest.json"]))
