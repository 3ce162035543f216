"""The official documents as a head of unit would read them: text, pages, fonts, who may download them."""

import io
import json
import zipfile
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core import wording
from council.services.councils import council_update
from demo.loader import load_demo
from members.models import IssuingUnit
from members.services.issuing_units import issuing_unit_create, issuing_unit_update
from sessions_app.documents import builders, rendering
from sessions_app.documents.builders import agenda_document, session_slug, text_blocks
from sessions_app.documents.publishing import document_publish, published_pdf
from sessions_app.documents.registry import DOCUMENTS, available_documents
from sessions_app.documents.rendering import render_pdf
from sessions_app.models import Document, Minutes, Session
from tests.pdftext import pdf_fonts, pdf_pages, pdf_reader, pdf_text
from tests.sessions_app.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db

SEED_MEMBERS = [
    "Alcaldes y alcaldesas de la zona norte",
    "Secretaría General de Gobierno",
    "Fiscalía General de Justicia del Estado de Nuevo León",
    "Secretaría de Salud",
    "Secretaría de las Mujeres",
]


@pytest.fixture
def demo():
    load_demo(with_accounts=True)
    return Session.objects.select_related("council").get(starts_at__year=2022)


def _download(client, session, slug, **headers):
    return client.get(reverse("sessions_app:document", args=[session.pk, slug]), headers=headers)


@pytest.fixture
def staff(client, demo):
    client.force_login(demo.council.staff.first())
    return client


def test_the_agenda_lists_the_items_in_order_with_the_letterhead_and_page_numbers(staff, demo):
    response = _download(staff, demo, "orden-del-dia")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="orden_del_dia.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "ORDEN DEL DÍA" in text
    assert "Primera Sesión Ordinaria 2022" in text
    assert "viernes 7 de octubre de 2022" in text
    assert "De 10:00 a 12:30 horas" in text and " h " not in f"{text} "
    assert "07 de octubre" not in text  # one date style: "7", never "07"
    assert text.index("Mensaje de bienvenida") < text.index("Asuntos generales") < text.index("Clausura de la sesión")
    assert "Página 1 de 1" in text
    assert pdf_pages(response.content) == 1
    assert {"Montserrat", "Montserrat-Bold"} <= pdf_fonts(response.content)


def test_the_attendance_list_has_every_institution_who_came_and_a_signature_column(staff, demo):
    content = _download(staff, demo, "lista-de-asistencia").content
    text = pdf_text(content)
    assert "LISTA DE ASISTENCIA" in text and "Firma" in text
    for name in [*SEED_MEMBERS, "Academia", "Sociedad civil"]:
        assert name in text, name
    assert "Dra. Alma Ejemplo Ficticia" in text  # who came for Salud
    assert "Invitados" in text
    assert pdf_pages(content) >= 2
    assert f"Página {pdf_pages(content)} de {pdf_pages(content)}" in text
    assert text.index("Academia") < text.index("Hace constar") < text.rindex("Mtra. Marta Ejemplo Ficticia")


def test_the_convocation_is_one_signed_letter_per_institution_each_paginated_on_its_own(staff, demo):
    with mock.patch.object(rendering, "render_pdf", wraps=render_pdf) as render:
        content = _download(staff, demo, "convocatoria").content
        assert _download(staff, demo, "convocatoria").content == content
        assert render.call_count == 1  # the bound letters are cached as one document
    text = pdf_text(content)
    invited = demo.invitations.exclude(institution=demo.council.secretariat_institution).count()  # not the signer
    assert pdf_pages(content) == invited
    assert text.count("P r e s e n t e") == invited
    assert text.count("Página 1 de 1") == invited  # a letter is not "página 5 de 21"
    members = demo.invitations.filter(role="member").exclude(institution=demo.council.secretariat_institution).count()
    assert text.count("Asunto: Convocatoria a la Primera Sesión Ordinaria 2022") == members
    assert text.count("Asunto: Invitación a la Primera Sesión Ordinaria 2022") == invited - members  # guests
    assert "me permito convocarle a la Primera Sesión Ordinaria 2022" in text
    assert "Atentamente" in text and "Mtra. Marta Ejemplo Ficticia" in text
    assert {"Montserrat", "Montserrat-Bold"} <= pdf_fonts(content)


def test_a_delegate_gets_their_own_letter_and_the_agenda_but_not_the_working_papers(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="salud"))
    letter = _download(client, demo, "convocatoria")
    assert letter.status_code == 200
    text = pdf_text(letter.content)
    assert pdf_pages(letter.content) == 1
    assert "Dra. Alma Ejemplo Ficticia" in text and "Secretaría de Educación" not in text
    assert _download(client, demo, "orden-del-dia").status_code == 200
    for slug in ("lista-de-asistencia", "acta", "reporte-de-acuerdos"):
        assert _download(client, demo, slug).status_code == 403, slug
    assert client.get(reverse("sessions_app:documents_zip", args=[demo.pk])).status_code == 403


def test_anonymous_visitors_go_to_the_login_and_unknown_documents_are_404(client, staff, demo):
    assert _download(staff, demo, "no-existe").status_code == 404
    assert _download(staff, demo, "acta").status_code == 404  # no acta drafted yet
    client.logout()
    response = _download(client, demo, "orden-del-dia")
    assert response.status_code == 302 and "/entrar/" in response["Location"]


def test_the_agreements_report_lists_each_agreement_once_with_its_status_and_cut_off_date(staff, demo):
    text = pdf_text(_download(staff, demo, "reporte-de-acuerdos").content)
    assert "REPORTE DE ACUERDOS" in text
    assert f"Con corte al {wording.date_in_words(timezone.localdate())}" in text
    assert "Estado" in text and "Responsables" in text
    # The agreement of three groups' coordinators is printed once, with its three responsibles beside it.
    assert text.count("Cada grupo de trabajo presentará su plan de trabajo") == 1
    assert text.count("CINL/01-ORD/2022/04") == 4  # its row, then under each of its three institutions' numbers
    assert "(vencido)" not in text
    assert "En proceso Vencido" in text  # the status column says it, the agreement's text does not
    assert "Resumen por estado" in text and "Cumplido 3" in text and "Total 5" in text
    assert "Acuerdos por institución responsable" in text
    # The agreement nobody answers for comes after every institution, not in alphabetical order.
    assert text.index("Sistema para el Desarrollo Integral de la Familia") < text.index("Sin institución responsable")
    assert "Elaboró" in text


def test_the_draft_acta_says_it_is_a_draft_and_has_the_signatures_of_who_came(staff, demo):
    Minutes.objects.create(session=demo, body="Primer párrafo del acta.\n\nSegundo párrafo.", status="draft")
    content = _download(staff, demo, "acta").content
    draft = pdf_text(content)
    assert "ACTA DE LA PRIMERA SESIÓN ORDINARIA 2022" in draft
    assert "Proyecto de acta (borrador)" in draft and "Segundo párrafo." in draft
    assert "PRESIDENCIA" in draft and "SECRETARÍA TÉCNICA" in draft
    assert "Firmas de las demás personas asistentes" in draft
    assert f"Página {pdf_pages(content)} de {pdf_pages(content)}" in draft


def test_the_drafted_acta_does_not_repeat_its_title_and_keeps_what_a_person_typed_as_text(staff, demo):
    """The draft opens with the title the print base already shows; a typed tag is printed, not obeyed."""
    body = (
        "ACTA DE LA PRIMERA SESIÓN ORDINARIA 2022\nConsejo Interinstitucional\n\n"
        "ASISTENCIA Y QUÓRUM\n\nAsistieron:\n- Secretaría de Salud: Dra. Alma Ejemplo\n\n"
        "ACUERDO CINL/01-ORD/2022/01. Se aprueba <script>alert(1)</script> el orden del día."
    )
    Minutes.objects.create(session=demo, body=body, status="draft")
    document = DOCUMENTS["acta"].build(demo)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document.html and "<script>" not in document.html
    assert '<h2 class="caps">ASISTENCIA Y QUÓRUM</h2>' in document.html
    assert "<strong>ACUERDO CINL/01-ORD/2022/01.</strong>" in document.html
    text = pdf_text(document.pdf)
    assert text.count("ACTA DE LA PRIMERA SESIÓN ORDINARIA 2022") == 1
    assert "<script>alert(1)</script>" in text


def test_text_blocks_read_headings_lists_numbered_lines_and_agreements():
    blocks = text_blocks(
        "ACTA DE LA SESIÓN\nConsejo\n\nASISTENCIA\n\nAsistieron:\n- A\n- B\n\n"
        "1. Lista\n2. Clausura\n\n3. MENSAJE DE BIENVENIDA\nPresentó: Salud.\n\n"
        "ACUERDO X/01. Se aprueba.\nSegunda línea.",
        skip_title="Acta de la sesión",
    )
    assert blocks == [
        {"kind": "heading", "text": "ASISTENCIA"},
        {"kind": "text", "lead": "", "lines": ["Asistieron:"]},
        {"kind": "bullet", "items": ["A", "B"]},
        {"kind": "numbered", "items": ["1. Lista", "2. Clausura"]},
        {"kind": "subheading", "text": "3. MENSAJE DE BIENVENIDA"},
        {"kind": "text", "lead": "", "lines": ["Presentó: Salud."]},
        {"kind": "text", "lead": "ACUERDO X/01.", "lines": ["Se aprueba.", "Segunda línea."]},
    ]
    # Only a first paragraph that is the title is dropped: a heading of the person's own stays.
    assert text_blocks("ANTECEDENTES\n\nTexto.", skip_title="Acta de la sesión")[0] == {
        "kind": "heading",
        "text": "ANTECEDENTES",
    }


def test_an_unchanged_document_is_rendered_once_and_answers_304(staff, demo):
    with mock.patch.object(rendering, "render_pdf", wraps=render_pdf) as render:
        first = _download(staff, demo, "orden-del-dia")
        again = _download(staff, demo, "orden-del-dia")
        assert render.call_count == 1
        assert first.content == again.content
        etag = first["ETag"]
        assert _download(staff, demo, "orden-del-dia", if_none_match=etag).status_code == 304
        AgendaItemFactory(session=demo, title="Punto agregado después", order=99)
        changed = _download(staff, demo, "orden-del-dia", if_none_match=etag)
        assert changed.status_code == 200 and changed["ETag"] != etag
        assert "Punto agregado después" in pdf_text(changed.content)
        assert render.call_count == 2


def test_documents_are_written_in_spanish_whatever_the_interface_language(staff, demo):
    staff.cookies["django_language"] = "en"
    text = pdf_text(_download(staff, demo, "orden-del-dia").content)
    assert "ORDEN DEL DÍA" in text and "Primera Sesión Ordinaria 2022" in text


def test_publishing_again_makes_version_two_and_both_stay_downloadable(staff, demo):
    first = document_publish(
        session=demo, kind=Document.Kind.MINUTES, title="Acta", pdf=b"%PDF-1 uno", filename="acta.pdf"
    )
    second = document_publish(
        session=demo, kind=Document.Kind.MINUTES, title="Acta", pdf=b"%PDF-1 dos", filename="acta.pdf"
    )
    assert (first.version, second.version) == (1, 2)
    assert published_pdf(first) == b"%PDF-1 uno" and published_pdf(second) == b"%PDF-1 dos"
    for document, body in ((first, b"%PDF-1 uno"), (second, b"%PDF-1 dos")):
        response = staff.get(reverse("sessions_app:published_document", args=[demo.pk, document.pk]))
        assert response.status_code == 200 and response.content == body
        assert response["ETag"] == f'"{document.sha256}"'


def test_a_tampered_published_file_is_refused(staff, demo):
    document = document_publish(session=demo, kind=Document.Kind.NOTE, title="Nota", pdf=b"%PDF-1 a", filename="n.pdf")
    with document.file.open("wb") as handle:
        handle.write(b"%PDF-1 cambiado")
    with pytest.raises(ValueError, match="SHA-256"):
        published_pdf(document)


def test_the_session_page_offers_the_documents_and_the_zip(staff, demo):
    body = staff.get(demo.get_absolute_url()).content.decode()
    for slug, entry in DOCUMENTS.items():
        # Each one the session has: the acta only once drafted (tests/sessions_app/test_offered_actions.py).
        assert (reverse("sessions_app:document", args=[demo.pk, slug]) in body) is entry.available(demo)
    assert not DOCUMENTS["acta"].available(demo)
    assert reverse("sessions_app:documents_zip", args=[demo.pk]) in body
    # The demo has every document it can: all but the acta (not drafted) for its held session, and the
    # upcoming one's orden del día, letters and lista (its report comes once it records outcomes).
    assert [entry.slug for entry in available_documents(demo)] == [
        "orden-del-dia",
        "convocatoria",
        "lista-de-asistencia",
        "reporte-de-acuerdos",
    ]
    upcoming = Session.objects.get(council=demo.council, starts_at__year=2026)
    assert [entry.slug for entry in available_documents(upcoming)] == [
        "orden-del-dia",
        "convocatoria",
        "lista-de-asistencia",
    ]


def test_the_zip_holds_every_document_and_a_manifest_of_hashes(staff, demo):
    response = staff.get(reverse("sessions_app:documents_zip", args=[demo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response.streaming  # written document by document, not held whole in memory first
    assert f'filename="{session_slug(demo)}.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert {"orden_del_dia.pdf", "convocatoria.pdf", "lista_de_asistencia.pdf", "manifest.json"} <= names
    manifest = json.loads(archive.read("manifest.json"))
    import hashlib

    for entry in manifest["documents"]:
        assert hashlib.sha256(archive.read(entry["name"])).hexdigest() == entry["sha256"]


def test_export_session_writes_each_session_folder_with_its_manifest(demo, tmp_path):
    out = io.StringIO()
    tmp_path = tmp_path / "export"  # beside the media folder, where the demo's logos are
    call_command("export_session", "--all", "--out", str(tmp_path), stdout=out)
    folders = sorted(path.name for path in tmp_path.iterdir())
    assert len(folders) == Session.objects.count()
    folder = tmp_path / next(name for name in folders if name.startswith("2022-10-07"))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {entry["name"] for entry in manifest["documents"]} >= {"orden_del_dia.pdf", "lista_de_asistencia.pdf"}
    assert "ORDEN DEL DÍA" in pdf_text((folder / "orden_del_dia.pdf").read_bytes())


def test_export_of_an_unknown_session_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No existe la sesión 999"):
        call_command("export_session", "--session", "999", "--out", str(tmp_path))


def test_a_long_agenda_paginates_with_the_letterhead_on_every_page(demo):
    for number in range(60):
        AgendaItemFactory(session=demo, title=f"Punto largo número {number}", order=100 + number)
    content = render_pdf(agenda_document(demo).html)
    pages = pdf_pages(content)
    assert pages >= 3
    text = pdf_text(content)
    assert f"Página {pages} de {pages}" in text
    assert text.count("SECRETARÍA DE IGUALDAD E INCLUSIÓN") == pages


def test_the_tracker_offers_the_councils_agreements_report_with_its_filters(staff, demo):
    tracker = reverse("agreements:tracker", args=[demo.council.pk])
    report = reverse("agreements:tracker_pdf", args=[demo.council.pk])
    assert report in staff.get(tracker).content.decode()
    response = staff.get(report)
    assert response.status_code == 200 and response["ETag"]
    assert 'filename="reporte_de_acuerdos_' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "REPORTE DE ACUERDOS" in text and "CINL/01-ORD/2022/01" in text and "CINL/01-ORD/2022/05" in text
    assert staff.get(report, headers={"if-none-match": response["ETag"]}).status_code == 304
    pending = pdf_text(staff.get(report, {"status": "pending"}).content)
    assert "CINL/01-ORD/2022/05" in pending and "CINL/01-ORD/2022/01" not in pending


def test_a_repeated_download_reuses_the_built_document_until_something_it_shows_changes(
    staff, demo, django_capture_on_commit_callbacks
):
    """The HTML is kept under the council's and the directory's versions: no queries, no template."""
    from members.models import Institution
    from sessions_app.documents.rendering import render_html

    with django_capture_on_commit_callbacks(execute=True):
        first = _download(staff, demo, "lista-de-asistencia")
    with mock.patch.object(builders, "render_html", wraps=render_html) as render:
        again = _download(staff, demo, "lista-de-asistencia")
        assert render.call_count == 0
        assert again["ETag"] == first["ETag"] and again.content == first.content
        health = Institution.objects.get(name="Secretaría de Salud")
        health.name = "Secretaría de Salud del Estado"
        health.save()  # the directory changed: every council's documents are built again
        changed = _download(staff, demo, "lista-de-asistencia")
        assert render.call_count == 1
    assert changed["ETag"] != first["ETag"]
    assert "Secretaría de Salud del Estado" in pdf_text(changed.content)


def test_a_kept_document_costs_no_query_of_its_own(
    staff, demo, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        _download(staff, demo, "orden-del-dia")
    # The login's session and user, the session, the permission, and whether the session has the document.
    with django_assert_max_num_queries(5):
        assert _download(staff, demo, "orden-del-dia").status_code == 200


def test_an_acta_edited_after_its_download_is_downloaded_as_edited(staff, demo, django_capture_on_commit_callbacks):
    from sessions_app.services.minutes import minutes_update

    minutes = Minutes.objects.create(session=demo, body="Primera redacción.", status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        assert "Primera redacción." in pdf_text(_download(staff, demo, "acta").content)
    minutes_update(minutes=minutes, body="Segunda redacción.")
    text = pdf_text(_download(staff, demo, "acta").content)
    assert "Segunda redacción." in text and "Primera redacción." not in text


def test_what_is_typed_in_the_letterhead_stays_text(staff, demo):
    """The letterhead's lines reach the page as CSS strings: quotes, backslashes or </style> break nothing."""
    issuer = demo.council.secretariat_institution
    issuer.name = 'Secretaría "Uno" \\ de Prueba </style><h1>Otra</h1>'
    issuer.save()
    unit = demo.council.default_issuing_unit
    unit.lines = "Unidad de «Pruebas»; }\nDirección General </style>"
    unit.address = 'Calle "Dos" 12, Col. Centro } @page { size: A3 }'
    unit.save()
    content = _download(staff, demo, "orden-del-dia").content
    text = pdf_text(content)
    unbroken = "".join(text.split())  # the issuer's long name wraps in its box, anywhere
    assert 'SECRETARÍA"UNO"\\DEPRUEBA</STYLE><H1>OTRA</H1>' in unbroken
    assert "Unidad de «Pruebas»; }" in text and "Dirección General </style>" in text
    assert 'Calle "Dos" 12, Col. Centro } @page { size: A3 }' in text
    assert "ORDEN DEL DÍA" in text
    page = pdf_reader(content).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612.0, 792.0)  # still letter size


def test_a_logo_stands_beside_the_letterhead_lines(staff, demo, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    image = io.BytesIO()
    Image.new("RGB", (120, 60), "#6f1d33").save(image, format="PNG")
    issuer = demo.council.secretariat_institution
    unit = demo.council.default_issuing_unit
    unit.logo = SimpleUploadedFile("escudo.png", image.getvalue(), content_type="image/png")
    unit.lines = "Subsecretaría de Prueba"
    unit.save()
    content = _download(staff, demo, "orden-del-dia").content
    text = pdf_text(content)
    assert issuer.name.upper() in text and "Subsecretaría de Prueba" in text and "Página 1 de" in text
    page = pdf_reader(content).pages[0]
    images = [
        name for name, item in page["/Resources"]["/XObject"].items() if item.get_object()["/Subtype"] == "/Image"
    ]
    assert images, "the logo is drawn on the page"


def _png(color: str) -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (120, 60), color).save(image, format="PNG")
    return image.getvalue()


def _images(content: bytes) -> list[bytes]:
    page = pdf_reader(content).pages[0]
    objects = [item.get_object() for item in page["/Resources"]["/XObject"].values()]
    return [item.get_data() for item in objects if item["/Subtype"] == "/Image"]


def test_two_units_of_one_institution_print_different_letterheads(staff, demo, settings, tmp_path):
    """The council's default unit is the letterhead: switching it to the same institution's other unit changes
    the lines, the footer and the logo of its documents."""
    settings.MEDIA_ROOT = tmp_path
    council = demo.council
    first = council.default_issuing_unit
    issuing_unit_update(
        unit=first,
        data={"lines": "Subsecretaría Uno", "logo": SimpleUploadedFile("uno.png", _png("#6f1d33"))},
    )
    second = issuing_unit_create(
        institution=council.secretariat_institution,
        data={
            "lines": "Subsecretaría Dos\nDirección de Enlace",
            "address": "Avenida Dos 200, Monterrey",
            "phone": "81 2222 2222",
            "web": "www.nl.gob.mx/dos",
            "logo": SimpleUploadedFile("dos.png", _png("#1d6f33")),
        },
    )
    before = _download(staff, demo, "orden-del-dia").content
    council_update(council=council, data={"default_issuing_unit": second})
    after = _download(staff, demo, "orden-del-dia").content
    text_before, text_after = pdf_text(before), pdf_text(after)
    assert "Subsecretaría Uno" in text_before and "Subsecretaría Dos" not in text_before
    assert "Subsecretaría Dos" in text_after and "Dirección de Enlace" in text_after
    assert "Subsecretaría Uno" not in text_after
    assert "Avenida Dos 200, Monterrey · Tel. 81 2222 2222 · www.nl.gob.mx/dos" in text_after
    assert _images(before) and _images(after) and _images(before) != _images(after)


def test_the_convocatoria_is_on_the_council_default_unit(staff, demo):
    """Not the secretariat's fields: the default unit, even another institution's, heads the convocatoria."""
    segob_unit = IssuingUnit.objects.get(institution__short_name="SEGOB")
    council_update(council=demo.council, data={"default_issuing_unit": segob_unit})
    text = pdf_text(_download(staff, demo, "convocatoria").content)
    assert "SECRETARÍA DE GOBERNACIÓN" in text
    assert "DIRECCIÓN GENERAL DE ESTRATEGIAS PARA LA ATENCIÓN DE DERECHOS HUMANOS" in text
    assert "Circular de Morelia No.8" in text
