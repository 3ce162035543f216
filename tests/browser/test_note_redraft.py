"""Journey: the secretariat drafts the nota again after an agreement was added, and reads the earlier version."""

import pytest
from django.core.management import call_command

from sessions_app.models import InformativeNote, Session
from tests.browser.conftest import assert_accessible, screenshot
from tests.sessions_app.factories import AgreementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_drafts_the_nota_again_and_keeps_the_earlier_version(live_server, page, login):
    call_command("load_demo", verbosity=0)
    session = Session.objects.get(starts_at__year=2022)
    AgreementFactory(session=session, sequence=6, text="Se agrega un sexto acuerdo.")

    login("secretaria", password="sesiones-demo")
    page.goto(f"{live_server.url}/sesiones/{session.pk}/nota-informativa/")
    assert page.get_by_text("Se adoptaron cinco acuerdos.").is_visible()
    page.get_by_role("link", name="Redactar de nuevo con los datos actuales").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Redactar de nuevo la nota informativa con los datos actuales").is_visible()
    assert_accessible(page, context="confirmación de redactar de nuevo")
    page.get_by_role("button", name="Sí, redactar de nuevo").click()
    page.wait_for_load_state()

    assert page.get_by_text("Se redactó de nuevo la nota con los datos actuales: versión 2").is_visible()
    assert page.locator(".note-preview").get_by_text("Se adoptaron seis acuerdos.").is_visible()
    page.get_by_text("Borrador sustituido: ver su texto").click()
    assert page.locator(".note-earlier").get_by_text("Se adoptaron cinco acuerdos.").is_visible()
    assert_accessible(page, context="nota con dos versiones")
    screenshot(page, "nota-redactada-de-nuevo")
    assert InformativeNote.objects.filter(session=session).count() == 2
