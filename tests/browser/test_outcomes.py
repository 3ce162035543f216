"""Journey 4: after the session the staff record a vote and an agreement, then edit the nota and make it final."""

import hashlib
from pathlib import Path

import pytest
from django.core.management import call_command

from sessions_app.models import Agreement, InformativeNote, Session, Vote
from tests.browser.conftest import assert_accessible, screenshot
from tests.pdftext import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUPS_ITEM = "Conformación de grupos de trabajo especializados en materia de trata de personas"
AGREEMENT = "Los grupos de trabajo sesionarán por primera vez antes del 30 de noviembre."
EDITED = "La Secretaría de Gobernación dará seguimiento a la instalación de los grupos de trabajo."


def test_record_a_vote_and_an_agreement_then_write_the_nota(live_server, page, login):
    call_command("load_demo", verbosity=0)
    session = Session.objects.get(year=2022, number=1)
    login("secretaria", password="sesiones-demo")
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    assert page.get_by_text("Quórum declarado").is_visible()
    assert_accessible(page, context="sesión celebrada")
    screenshot(page, "sesion")

    # The vote on the item that formed the working groups: unanimity of the voting seats present.
    item = page.locator("li", has=page.get_by_text(GROUPS_ITEM, exact=True))
    item.get_by_role("link", name="Registrar votación").click()
    page.wait_for_load_state()
    assert_accessible(page, context="votación")
    page.get_by_label("Unanimidad").check()
    page.get_by_role("button", name="Registrar votación").click()
    page.wait_for_load_state()
    assert page.get_by_text("Votación registrada: Aprobado").is_visible()
    vote = Vote.objects.get(agenda_item__session=session, agenda_item__title=GROUPS_ITEM)
    assert vote.result == Vote.Result.APPROVED and vote.votes_against == 0
    assert vote.votes_for == session.quorum_present

    # An agreement under the same item, with responsible institutions and a due date.
    item = page.locator("li", has=page.get_by_text(GROUPS_ITEM, exact=True))
    item.get_by_role("link", name="Registrar acuerdo en este punto").click()
    page.wait_for_load_state()
    assert_accessible(page, context="registrar acuerdo")
    page.get_by_role("textbox", name="Acuerdo").fill(AGREEMENT)
    responsible = page.get_by_role("listbox", name="Instituciones responsables")
    sii = responsible.locator("option", has_text="Secretaría de Igualdad e Inclusión").get_attribute("value")
    responsible.select_option(value=[sii])
    page.get_by_label("Fecha compromiso").fill("2022-11-30")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    agreement = Agreement.objects.get(session=session, text=AGREEMENT)
    assert page.get_by_text(f"Se registró el acuerdo {agreement.number}").is_visible()
    assert agreement.agenda_item.title == GROUPS_ITEM
    assert [i.name for i in agreement.responsible.all()] == ["Secretaría de Igualdad e Inclusión"]
    assert page.get_by_text(AGREEMENT).first.is_visible()

    # The agreements report, downloaded as a person would, carries the new agreement.
    with page.expect_download() as download:
        page.get_by_role("link", name="Reporte de acuerdos").click()
    text = _pdf_text(download.value.path())
    assert agreement.number in text
    assert " ".join(AGREEMENT.split()) in text
    assert "Secretaría de Igualdad e Inclusión" in text

    # The nota informativa of the seed (the demo drafted it from the session's data on SEGOB's letterhead).
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    page.get_by_role("link", name="Ver nota informativa").click()
    page.wait_for_load_state()
    preview = page.locator("article.note-preview")
    assert preview.get_by_text("Secretaría de Gobernación").first.is_visible()
    assert "Palacio de Gobierno" in preview.inner_text()
    assert_accessible(page, context="nota informativa (borrador)")

    page.get_by_role("link", name="Editar texto").click()
    page.wait_for_load_state()
    body = page.get_by_label("Texto de la nota")
    body.fill(body.input_value().rstrip() + "\n\n" + EDITED)
    assert_accessible(page, context="editor de la nota")
    screenshot(page, "nota-informativa")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    assert page.get_by_text("Se guardó la nota informativa.").is_visible()
    assert page.locator("article.note-preview").get_by_text(EDITED).is_visible()

    page.get_by_role("link", name="Hacer final y publicar").click()
    page.wait_for_load_state()
    assert_accessible(page, context="hacer final la nota")
    page.get_by_role("button", name="Sí, hacerla final y publicarla").click()
    page.wait_for_load_state()
    assert page.get_by_text("La nota informativa es final: se publicó la versión 1 en PDF.").is_visible()
    note = InformativeNote.objects.get(session=session)
    assert note.status == InformativeNote.Status.FINAL and note.document is not None

    # The published PDF, as downloaded: the letterhead, the date line, the edited paragraph, the agreement.
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF publicado").click()
    pdf = download.value.path()
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == note.document.sha256
    text = _pdf_text(pdf)
    assert "Secretaría de Gobernación" in text
    assert "NOTA INFORMATIVA" in text.upper()
    assert "7 de octubre de 2022" in text
    assert EDITED in text
    assert "Palacio de Gobierno" in text


def _pdf_text(path) -> str:
    """The PDF's text with its line breaks folded into single spaces and hyphenated words whole (tests.pdftext)."""
    return pdf_text(Path(path).read_bytes())
