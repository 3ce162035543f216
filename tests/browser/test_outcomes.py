"""Journey 4: after the session the secretariat records a vote and an agreement (then the nota informativa)."""

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from sessions_app.models import Agreement, Session, Vote
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUPS_ITEM = "Conformación de grupos de trabajo especializados en materia de trata de personas"
AGREEMENT = "Los grupos de trabajo sesionarán por primera vez antes del 30 de noviembre."


def test_record_a_vote_and_an_agreement(live_server, page, login):
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
    page.get_by_role("checkbox", name="Secretaría de Igualdad e Inclusión").check()
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


def _pdf_text(path) -> str:
    """The PDF's text with its line breaks and hyphenation folded into single spaces."""
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
