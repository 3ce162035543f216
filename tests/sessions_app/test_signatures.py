"""e.firma signatures on published documents, and the public verification page, as a signer and a reader see them.

The e.firma is made in the test (a test authority, an RSA 2048 certificate and its
key in encrypted PKCS#8 DER, like the SAT's), and pyHanko validates what was signed.
"""

import base64
import datetime
import os
import re
from io import BytesIO
from pathlib import Path
from unittest import mock

import pytest
import segno
from celery import Celery, Task
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from api.models import WebhookEndpoint
from core.wording import long_date
from sessions_app.documents import rendering
from sessions_app.documents import signing as signing_module
from sessions_app.documents.publishing import document_publish, published_pdf
from sessions_app.documents.rendering import render_pdf
from sessions_app.documents.signing import BOX_HEIGHT, pdf_signatures, qr_content
from sessions_app.models import Document, DocumentSignature, SigningFailure, VerificationAttempt
from sessions_app.services.publications import session_document_publish
from sessions_app.services.signatures import document_sign, verification_url
from tests.members.factories import InstitutionFactory, PersonFactory, UserFactory
from tests.qr import page_image, qr_modules
from tests.sessions_app.efirma import make_authority, make_efirma, make_timestamper

pytestmark = pytest.mark.django_db

PASSWORD = "Clave-Secreta-Ñandú-2026"


@pytest.fixture(scope="module")
def authority():
    return make_authority()


@pytest.fixture(scope="module")
def efirmas(authority):
    """The presidency's and the technical secretariat's e.firmas, made once for the module (RSA keys take time)."""
    return {
        "presidency": make_efirma("ANA ROSA GARCÍA PEÑA", PASSWORD, authority=authority),
        "secretariat": make_efirma("JULIO CÉSAR NÚÑEZ LARA", PASSWORD, authority=authority),
        "expired": make_efirma("ANA ROSA GARCÍA PEÑA", PASSWORD, authority=authority, days_valid=10, days_ago=20),
    }


@pytest.fixture
def signing(world):
    """Council X presided by institution A (its delegate signs) with a secretariat institution and its person."""
    council = world.council_x
    council.presiding_institution = world.seat_a.institution
    council.secretariat_institution = InstitutionFactory(name="Secretaría Ejecutiva de X")
    council.save()
    secretary = UserFactory(username="secretaria_x")
    council.staff.add(secretary)  # the technical secretariat's people are the council's staff
    PersonFactory(
        institution=council.secretariat_institution, user=secretary, full_name="Julio Núñez", post="Secretario Técnico"
    )
    pdf = render_pdf("<h1>Acta de la sesión</h1><p>Se aprobó el programa anual.</p>")
    document = document_publish(
        session=world.session_x, kind=Document.Kind.MINUTES, title="Acta", pdf=pdf, filename="acta.pdf"
    )
    return world, document, secretary


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sign(client, document, efirma, *, password=PASSWORD, post="", token="t-1", key=None):
    url = reverse("sessions_app:document_sign", args=[document.session_id, document.pk])
    return client.post(
        url,
        {
            "cer": SimpleUploadedFile("firma.cer", efirma.cer),
            "key": SimpleUploadedFile("firma.key", key if key is not None else efirma.key),
            "key_password": password,
            "post": post,
            "form_token": token,
        },
    )


def signature_boxes(pdf: bytes) -> list[str]:
    """The text of each signature field's visible box (its appearance stream), as a reader sees it."""
    boxes = []
    for field in PdfFileReader(BytesIO(pdf)).root["/AcroForm"]["/Fields"]:
        stream = field.get_object()["/AP"]["/N"].data.decode("latin-1")
        strings = re.findall(r"\(((?:[^()\\]|\\.)*)\) Tj", stream)
        lines = [re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), line) for line in strings]
        boxes.append("\n".join(lines))
    return boxes


def _latest(document) -> Document:
    return Document.objects.filter(session=document.session, kind=document.kind).order_by("-version").first()


def test_presidency_then_secretariat_sign_and_both_signatures_stay_valid(signing, efirmas, authority):
    world, document, secretary = signing
    unsigned_bytes = published_pdf(document)

    response = _sign(_client(world.delegate_a), document, efirmas["presidency"], post="Presidenta del Consejo")
    assert response.status_code == 302
    first = _latest(document)
    assert first.version == 2
    response = _sign(_client(secretary), first, efirmas["secretariat"])
    assert response.status_code == 302
    second = _latest(document)
    assert second.version == 3

    # The unsigned version is kept as it was; each signed one is stored with its own hash and code.
    document.refresh_from_db()
    assert published_pdf(document) == unsigned_bytes
    assert len({document.sha256, first.sha256, second.sha256}) == 3
    assert len({document.verification_code, first.verification_code, second.verification_code}) == 3

    found = pdf_signatures(published_pdf(second), trust_roots=[efirmas["presidency"].ca_pem])
    assert [s.signer_name for s in found] == ["ANA ROSA GARCÍA PEÑA", "JULIO CÉSAR NÚÑEZ LARA"]
    assert all(s.intact and s.valid and s.trusted for s in found)
    assert found[-1].covers_whole_file

    # The visible boxes: name from the certificate, the post (typed; the second from the signer's Person), the URL.
    first_box, second_box = signature_boxes(published_pdf(second))
    assert "Firmado electrónicamente por: ANA ROSA GARCÍA PEÑA\nPresidenta del Consejo" in first_box
    assert f"/verificar/{first.verification_code}/" in first_box
    assert "JULIO CÉSAR NÚÑEZ LARA\nSecretario Técnico" in second_box
    assert f"/verificar/{second.verification_code}/" in second_box
    # Each box draws the QR code of its version's verification page.
    first_stream = PdfFileReader(BytesIO(published_pdf(second))).root["/AcroForm"]["/Fields"][0].get_object()
    qr = qr_content(verification_url(first.verification_code), BOX_HEIGHT - 8).data
    assert qr in first_stream["/AP"]["/N"].data

    signatures = list(DocumentSignature.objects.order_by("signed_at"))
    assert [(s.signer_name, s.document_id, s.signed_id) for s in signatures] == [
        ("ANA ROSA GARCÍA PEÑA", document.pk, first.pk),
        ("JULIO CÉSAR NÚÑEZ LARA", first.pk, second.pk),
    ]
    assert signatures[0].signed_by == world.delegate_a
    # Each box dates its signature: the day, hour and minute it was made, with its offset from UTC.
    for box, signature in zip((first_box, second_box), signatures, strict=True):
        shown = re.search(r"\nFecha: (\d\d/\d\d/\d{4} \d\d:\d\d) \(UTC([+-]\d{4})\)\n", box)
        assert shown, box
        when = datetime.datetime.strptime(shown[1] + shown[2], "%d/%m/%Y %H:%M%z")
        assert abs(when - signature.signed_at) < datetime.timedelta(minutes=1), (when, signature.signed_at)
    assert "AUTORIDAD CERTIFICADORA DE PRUEBA" in signatures[0].certificate_issuer
    assert DocumentSignature.history.count() == 2
    # The session's history says who signed.
    history = _client(secretary).get(reverse("sessions_app:history", args=[document.session_id])).content.decode()
    assert "Firma electrónica: <strong>ANA ROSA GARCÍA PEÑA</strong>" in history


def _history(user, document) -> str:
    return _client(user).get(reverse("sessions_app:history", args=[document.session_id])).content.decode()


def test_wrong_password_is_refused_in_spanish_and_signs_nothing(signing, efirmas):
    world, document, _ = signing
    wrong = "Clave-Equivocada-Ñ-77"
    response = _sign(_client(world.delegate_a), document, efirmas["presidency"], password=wrong)
    assert response.status_code == 200
    assert "La contraseña de la llave privada no es correcta." in response.content.decode()
    assert _latest(document) == document
    assert not DocumentSignature.objects.exists()

    # The failed attempt is in the session's history: who, which version, why; never the password.
    failure = SigningFailure.objects.get()
    assert (failure.user, failure.document, failure.version) == (world.delegate_a, document, 1)
    history = _history(world.staff_x, document)
    line = history.split("Intento de firma fallido: ", 1)[1].split("</tr>", 1)[0]
    assert "<strong>Acta, versión 1 — La contraseña de la llave privada no es correcta.</strong>" in line
    row = history.split("Intento de firma fallido: ", 1)[0].rsplit("<tr", 1)[1]
    assert (world.delegate_a.get_full_name() or world.delegate_a.username) in row and "Intentó firmar" in row
    stored = [*SigningFailure.objects.values_list(), *SigningFailure.history.values_list()]  # every column
    assert stored and not any(wrong in str(value) for row in stored for value in row)
    assert wrong not in history


def test_a_key_of_another_certificate_and_an_expired_certificate_are_refused(signing, efirmas):
    world, document, _ = signing
    client = _client(world.delegate_a)
    response = _sign(client, document, efirmas["presidency"], key=efirmas["secretariat"].key, token="t-a")
    assert "La llave privada no corresponde al certificado." in response.content.decode()
    response = _sign(client, document, efirmas["expired"], token="t-b")
    assert "El certificado venció el" in response.content.decode()
    assert _latest(document) == document


def test_the_same_form_sent_twice_signs_once(signing, efirmas):
    world, document, _ = signing
    client = _client(world.delegate_a)
    assert _sign(client, document, efirmas["presidency"], token="same").status_code == 302
    assert _sign(client, document, efirmas["presidency"], token="same").status_code == 302
    assert DocumentSignature.objects.count() == 1
    assert _latest(document).version == 2


def test_an_older_version_is_not_signed_again(signing, efirmas):
    world, document, secretary = signing
    _sign(_client(world.delegate_a), document, efirmas["presidency"])
    response = _sign(_client(secretary), document, efirmas["secretariat"], token="t-2")
    assert response.status_code == 403
    assert DocumentSignature.objects.count() == 1


def test_only_the_presidency_and_the_secretariat_may_sign(signing, efirmas):
    world, document, secretary = signing
    url = reverse("sessions_app:document_sign", args=[document.session_id, document.pk])
    session_url = reverse("sessions_app:detail", args=[document.session_id])
    for user in (world.staff_x, world.admin, world.delegate_b, world.staff_y):
        assert _client(user).get(url).status_code == 403
        assert _sign(_client(user), document, efirmas["presidency"]).status_code == 403
    assert "Firmar con e.firma" not in _client(world.staff_x).get(session_url).content.decode()
    assert Client().get(url).status_code == 302
    assert not DocumentSignature.objects.exists()

    # The presidency signs; then the secretariat, the version that carries the presidency's signature.
    for user, efirma in ((world.delegate_a, efirmas["presidency"]), (secretary, efirmas["secretariat"])):
        latest = _latest(document)
        client = _client(user)
        assert client.get(reverse("sessions_app:document_sign", args=[latest.session_id, latest.pk])).status_code == 200
        page = client.get(session_url).content.decode()
        assert "Firmar con e.firma" in page
        assert f"/verificar/{latest.verification_code}/" in page
        assert _sign(client, latest, efirma).status_code == 302
    assert DocumentSignature.objects.count() == 2


PRESIDENCY_FIRST = "Las firmas van en orden: primero la presidencia, después la secretaría técnica."


def test_the_secretariat_signs_only_after_the_presidency(signing, efirmas):
    """The technical secretariat is neither offered nor allowed to sign a version the presidency has not signed."""
    world, document, secretary = signing
    client = _client(secretary)
    session_url = reverse("sessions_app:detail", args=[document.session_id])
    sign_url = reverse("sessions_app:document_sign", args=[document.session_id, document.pk])
    page = client.get(session_url).content.decode()
    assert sign_url not in page and PRESIDENCY_FIRST in page  # the session page says why, instead of the button
    response = client.get(sign_url)
    assert response.status_code == 403 and PRESIDENCY_FIRST in response.content.decode()
    assert 'name="key_password"' not in response.content.decode()
    response = _sign(client, document, efirmas["secretariat"])
    assert response.status_code == 403 and PRESIDENCY_FIRST in response.content.decode()
    with pytest.raises(ValidationError, match=PRESIDENCY_FIRST):  # the service asks the same rule
        document_sign(
            document=document,
            viewer=secretary,
            cer=efirmas["secretariat"].cer,
            key=efirmas["secretariat"].key,
            password=PASSWORD,
        )
    assert not DocumentSignature.objects.exists() and _latest(document) == document
    # The refused attempt from the page is in the session's history (the service's own refusal is the caller's).
    assert list(SigningFailure.objects.values_list("user__username", "reason")) == [
        ("secretaria_x", PRESIDENCY_FIRST + " Esta versión aún no tiene la firma de la presidencia.")
    ]

    assert _sign(_client(world.delegate_a), document, efirmas["presidency"]).status_code == 302
    signed = _latest(document)
    page = client.get(session_url).content.decode()
    assert reverse("sessions_app:document_sign", args=[signed.session_id, signed.pk]) in page
    assert PRESIDENCY_FIRST not in page
    assert _sign(client, signed, efirmas["secretariat"], token="t-2").status_code == 302
    roles = list(DocumentSignature.objects.order_by("signed_at").values_list("role", flat=True))
    assert roles == [DocumentSignature.Role.PRESIDENCY, DocumentSignature.Role.SECRETARIAT]


def test_without_a_presidency_signer_the_secretariat_signs_alone(signing, efirmas):
    """A council whose presiding institution has nobody with an account to sign: the secretariat does not wait."""
    world, document, secretary = signing
    council = world.council_x
    council.presiding_institution = InstitutionFactory(name="Gubernatura sin firmante")
    council.save()
    session_url = reverse("sessions_app:detail", args=[document.session_id])
    page = _client(secretary).get(session_url).content.decode()
    assert "Firmar con e.firma" in page and PRESIDENCY_FIRST not in page
    assert _sign(_client(secretary), document, efirmas["secretariat"]).status_code == 302
    assert DocumentSignature.objects.get().role == DocumentSignature.Role.SECRETARIAT


def test_the_sign_form_needs_its_csrf_token(signing, efirmas):
    world, document, _ = signing
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.delegate_a)
    assert _sign(client, document, efirmas["presidency"]).status_code == 403
    assert not DocumentSignature.objects.exists()


def test_the_key_and_password_are_kept_nowhere(signing, efirmas, settings, caplog):
    """Not in a temporary file, the media storage, the cache, the database or the logs."""
    world, document, _ = signing
    efirma = efirmas["presidency"]
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1  # Django's default handlers would write the files to disk
    cache_writes = []
    original_set, original_add = cache.set, cache.add

    def record_set(*args, **kwargs):
        cache_writes.append(repr((args, kwargs)))
        return original_set(*args, **kwargs)

    def record_add(*args, **kwargs):
        cache_writes.append(repr((args, kwargs)))
        return original_add(*args, **kwargs)

    caplog.set_level("DEBUG")
    with (
        mock.patch("django.core.files.uploadedfile.tempfile.NamedTemporaryFile", side_effect=AssertionError),
        mock.patch.object(cache, "set", record_set),
        mock.patch.object(cache, "add", record_add),
    ):
        assert _sign(_client(world.delegate_a), document, efirma).status_code == 302
    assert DocumentSignature.objects.count() == 1

    secrets_as_bytes = [efirma.key[:48], efirma.plain_key_der[-48:], PASSWORD.encode()]
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        for name in files:
            content = Path(root, name).read_bytes()
            assert not any(secret in content for secret in secrets_as_bytes), name

    secrets_as_text = [PASSWORD, efirma.key[:48].hex(), efirma.plain_key_der[-48:].hex()]
    assert not any(secret in write for write in cache_writes for secret in secrets_as_text)
    assert not any(secret in caplog.text for secret in secrets_as_text)

    tables = connection.introspection.table_names()
    assert "sessions_app_historicaldocumentsignature" in tables
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the catalogue)
            dump = "\n".join(" ".join(str(value) for value in row) for row in cursor.fetchall())
            assert not any(secret in dump for secret in secrets_as_text), table


def test_with_a_timestamp_authority_the_signature_is_b_t(signing, efirmas, authority, settings, monkeypatch):
    """PAdES B-T when SIGNATURE_TSA_URL names an authority (here pyHanko's in-memory one); B-B without it."""
    world, document, secretary = signing
    timestamper = make_timestamper(authority)
    asked = []

    def timestamper_for(url):
        asked.append(url)
        return timestamper if url else None

    monkeypatch.setattr(signing_module, "timestamper_for", timestamper_for)
    settings.SIGNATURE_TSA_URL = ""
    assert _sign(_client(world.delegate_a), document, efirmas["presidency"]).status_code == 302
    first = _latest(document)
    [found] = pdf_signatures(published_pdf(first), trust_roots=[efirmas["presidency"].ca_pem])
    assert found.valid and not found.timestamped

    settings.SIGNATURE_TSA_URL = "https://sello.example.gob.mx/tsr"
    assert _sign(_client(secretary), first, efirmas["secretariat"]).status_code == 302
    second = _latest(document)
    found = pdf_signatures(published_pdf(second), trust_roots=[efirmas["presidency"].ca_pem])
    assert [(s.valid, s.timestamped) for s in found] == [(True, False), (True, True)]
    assert asked == ["", "https://sello.example.gob.mx/tsr"]

    # A reader who checks the file on the verification page is told which signature has its timestamp.
    url = reverse("verify_document", args=[second.verification_code])
    upload = {"pdf": SimpleUploadedFile("acta.pdf", published_pdf(second))}
    page = Client().post(url, upload, follow=True).content.decode()
    assert page.count("(con sello de tiempo)") == 1


def test_signing_queues_no_task_with_the_key_or_its_password(signing, efirmas, django_capture_on_commit_callbacks):
    """The task queue hears of the signed version (here, a council's webhook) but never gets the e.firma."""
    world, document, _ = signing
    efirma = efirmas["presidency"]
    WebhookEndpoint.objects.create(
        council=world.council_x, url="https://sistemas.example.gob.mx/avisos", events=["document.published"]
    )
    queued = []

    def apply_async(task, args=None, kwargs=None, **options):  # recorded, not run
        queued.append(repr((task.name, args, kwargs, options)))

    def send_task(app, name, args=None, kwargs=None, **options):
        queued.append(repr((name, args, kwargs, options)))

    with (
        mock.patch.object(Task, "apply_async", apply_async),
        mock.patch.object(Celery, "send_task", send_task),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert _sign(_client(world.delegate_a), document, efirma).status_code == 302
    assert any("webhook_deliver" in call for call in queued), queued  # the recorder saw what signing queues
    secrets_as_text = [
        PASSWORD,
        repr(PASSWORD.encode())[2:-1],
        *(part.hex() for part in (efirma.key[:48], efirma.plain_key_der[-48:])),
        *(repr(part)[2:40] for part in (efirma.key[:48], efirma.plain_key_der[-48:])),
        *(base64.b64encode(part)[:40].decode() for part in (efirma.key, efirma.plain_key_der)),
    ]
    assert not any(secret in call for call in queued for secret in secrets_as_text)


# --- The public verification page ---


def test_the_verification_page_is_public_and_shows_the_signed_version(signing, efirmas):
    world, document, _ = signing
    _sign(_client(world.delegate_a), document, efirmas["presidency"], post="Presidenta")
    signed = _latest(document)
    response = Client().get(reverse("verify_document", args=[signed.verification_code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert signed.sha256 in page and world.council_x.name in page and world.session_x.title in page
    assert f'<dd class="col-sm-9">{signed.title} (Acta)</dd>' in page  # "Acta (v2) (Acta)"
    assert '<dd class="col-sm-9">2, publicada el' in page  # its version
    signature = DocumentSignature.objects.get()
    when = timezone.localtime(signature.signed_at)
    # Who, post, when: "7 de octubre de 2022, 9:30 horas", as every page writes a date and time.
    assert f"ANA ROSA GARCÍA PEÑA, Presidenta — {long_date(when, 'datetime')} " in page
    assert long_date(when, "datetime").endswith(" horas")
    assert "ANA ROSA GARCÍA PEÑA" in page and "<svg" in page
    assert world.council_y.name not in page
    download = Client().get(reverse("verify_document", args=[signed.verification_code]) + "?descargar")
    assert download.status_code == 200
    assert (b"".join(download) if download.streaming else download.content) == published_pdf(signed)


def test_a_published_pdf_carries_the_qr_code_of_its_public_page(world, settings, tmp_path):
    """The convocatoria as published: beside its letterhead, the QR code of /verificar/<code>/ at the site's
    absolute address, read off the rasterized first page and compared module by module."""
    settings.SITE_URL = "https://sesiones.example.gob.mx"
    rendered = []
    render = rendering.pdf_for

    def pdf_for(html, *args, **kwargs):
        rendered.append(html)
        return render(html, *args, **kwargs)

    with mock.patch.object(rendering, "pdf_for", pdf_for):
        document = session_document_publish(session=world.session_x, slug="convocatoria", by=world.staff_x)
    address = f"https://sesiones.example.gob.mx/verificar/{document.verification_code}/"
    [html] = rendered
    assert 'class="verification-qr"' in html and f"Verifique este documento en {address}" in html

    qr = [[bool(module) for module in row] for row in segno.make(address, error="m").matrix]
    page = page_image(published_pdf(document), tmp_path)
    assert qr_modules(page, len(qr)) == qr
    elsewhere = [[bool(module) for module in row] for row in segno.make(address.lower(), error="m").matrix]
    assert qr_modules(page, len(elsewhere)) != elsewhere  # the comparison tells one address from another


def test_unknown_unpublished_and_annex_codes_are_not_found(signing):
    world, document, _ = signing
    unpublished = Document.objects.create(
        session=world.session_x, kind=Document.Kind.NOTE, title="Borrador", verification_code="ABCDEFGHJK"
    )
    annex = Document.objects.create(
        session=world.session_x,
        kind=Document.Kind.ANNEX,
        title="Anexo",
        verification_code="ABCDEFGHJM",
        published_at=document.published_at,
    )
    for code in ("NOEXISTE22", unpublished.verification_code, annex.verification_code, "../../x"):
        assert Client().get(f"/verificar/{code}/").status_code == 404


def test_an_uploaded_pdf_is_checked_against_the_published_versions(signing, efirmas, settings, tmp_path):
    world, document, _ = signing
    _sign(_client(world.delegate_a), document, efirmas["presidency"])
    signed = _latest(document)
    url = reverse("verify_document", args=[document.verification_code])
    content = published_pdf(signed)

    response = Client().post(url, {"pdf": SimpleUploadedFile("acta.pdf", content)}, follow=True)
    page = response.content.decode()
    assert "coincide exactamente con una versión publicada" in page
    assert "Firma íntegra de ANA ROSA GARCÍA PEÑA" in page
    assert "certificado no verificado contra una autoridad configurada" in page
    # When it was signed, as every page writes it: "7 de octubre de 2022, 9:30 horas", never "07/10/2022 09:30".
    assert re.search(r" — \d{1,2} de \w+ de \d{4}, [1-9]?\d:\d\d horas", page)
    assert not re.search(r"\d\d/\d\d/\d{4}", page)

    root = tmp_path / "raiz.pem"
    root.write_bytes(efirmas["presidency"].ca_pem)
    settings.SIGNATURE_TRUST_ROOTS = [str(root)]
    page = Client().post(url, {"pdf": SimpleUploadedFile("acta.pdf", content)}, follow=True).content.decode()
    assert "con certificado verificado contra una autoridad configurada" in page

    stream = content.index(b"stream") + 40
    tampered = content[:stream] + bytes([content[stream] ^ 0x01]) + content[stream + 1 :]
    page = Client().post(url, {"pdf": SimpleUploadedFile("acta.pdf", tampered)}, follow=True).content.decode()
    assert "no coincide con ninguna versión publicada" in page
    assert "Firma alterada o inválida" in page
    assert VerificationAttempt.objects.count() == 3
    assert VerificationAttempt.objects.filter(matched=signed).count() == 2


def test_each_check_is_on_the_sessions_history_for_its_staff_only(signing):
    """A check on the public page is recorded on the session's history: its result, not who made it."""
    world, document, _ = signing
    url = reverse("verify_document", args=[document.verification_code])
    content = published_pdf(document)
    Client().post(url, {"pdf": SimpleUploadedFile("acta.pdf", content)})
    _client(world.delegate_b).post(url, {"pdf": SimpleUploadedFile("copia.pdf", content + b"\n%otra")})
    assert VerificationAttempt.objects.filter(document=document).count() == 2

    history = _history(world.staff_x, document)
    assert "Comprobó" in history and "Página pública de verificación" in history
    assert "Verificación: <strong>Coincide exactamente con una versión publicada. Sin firmas.</strong>" in history
    assert "Verificación: <strong>No coincide con ninguna versión publicada. Sin firmas.</strong>" in history
    assert world.delegate_b.username not in history  # who checks is not recorded, even when logged in
    for user in (world.delegate_a, world.delegate_b, world.staff_y):
        response = _client(user).get(reverse("sessions_app:history", args=[document.session_id]))
        assert response.status_code in (403, 404)
        assert "Página pública de verificación" not in response.content.decode()


def test_garbage_and_too_many_uploads_get_a_spanish_4xx(signing, settings):
    world, document, _ = signing
    url = reverse("verify_document", args=[document.verification_code])
    response = Client().post(url, {"pdf": SimpleUploadedFile("x.pdf", b"no soy un pdf")})
    assert response.status_code == 400
    assert "El archivo no es un PDF." in response.content.decode()
    response = Client().post(url, {"pdf": SimpleUploadedFile("x.pdf", b"%PDF-1.7\n basura")})
    assert response.status_code == 400
    settings.VERIFICATION_CHECKS_PER_10_MINUTES = 2
    response = Client().post(url, {})
    assert response.status_code == 429
    assert "Demasiadas verificaciones" in response.content.decode()
    assert not VerificationAttempt.objects.exists()


def test_another_states_council_signs_with_its_own_names(other_state, efirmas):
    """The fictional Jalisco council: its presidency signs, and its page names its council, not Nuevo León's."""
    council = other_state.council
    signer = UserFactory(username="presidencia_jalisco")
    PersonFactory(institution=council.presiding_institution, user=signer, post="Presidente")
    session = other_state.session
    pdf = render_pdf("<h1>Nota informativa</h1>")
    document = document_publish(session=session, kind=Document.Kind.NOTE, title="Nota", pdf=pdf, filename="n.pdf")
    assert _sign(_client(signer), document, efirmas["presidency"]).status_code == 302
    page = Client().get(reverse("verify_document", args=[_latest(document).verification_code])).content.decode()
    assert council.name in page and "Consejo X" not in page


def test_a_published_file_that_cannot_take_a_signature_is_refused_in_spanish(signing, efirmas):
    world, _, _ = signing
    broken = document_publish(
        session=world.session_x, kind=Document.Kind.NOTE, title="Nota", pdf=b"%PDF-1.7\nbasura\n", filename="n.pdf"
    )
    response = _sign(_client(world.delegate_a), broken, efirmas["presidency"])
    assert response.status_code == 200
    assert "No se pudo firmar el PDF publicado" in response.content.decode()
    assert _latest(broken) == broken


def test_after_a_signature_the_session_page_offers_to_sign_the_new_version(signing, efirmas):
    world, document, _ = signing
    client = _client(world.delegate_a)
    session_url = reverse("sessions_app:detail", args=[document.session_id])
    old_link = reverse("sessions_app:document_sign", args=[document.session_id, document.pk])
    assert old_link in client.get(session_url).content.decode()  # the page is now in the cache
    _sign(client, document, efirmas["presidency"])
    page = client.get(session_url).content.decode()
    assert old_link not in page
    assert reverse("sessions_app:document_sign", args=[document.session_id, _latest(document).pk]) in page
