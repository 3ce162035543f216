"""Typing in a form and leaving the page asks first; saving does not; a form with nothing changed does not."""

import pytest
from django.core.management import call_command

from sessions_app.models import InformativeNote, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leaving_the_nota_editor_with_unsaved_text_asks_first(live_server, page, login):
    call_command("load_demo", verbosity=0)
    session = Session.objects.get(year=2022, number=1)
    login("secretaria", password="sesiones-demo")
    editor = f"{live_server.url}/sesiones/{session.pk}/nota-informativa/editar/"
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "Stay on this page"

    page.on("dialog", answer)

    # Nothing typed: Cancel leaves without asking.
    page.goto(editor)
    page.get_by_role("link", name="Cancelar").click()
    page.wait_for_load_state()
    assert dialogs == [] and not page.url.endswith("/editar/")

    # Something typed: Cancel asks, and staying keeps the text on the page.
    page.goto(editor)
    body = page.get_by_label("Texto de la nota")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Texto aún sin guardar.")
    page.get_by_role("link", name="Cancelar").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/editar/") and "Texto aún sin guardar." in body.input_value()

    # Saving leaves without asking, and the text is saved.
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    assert dialogs == ["beforeunload"]
    assert page.get_by_text("Se guardó la nota informativa.").is_visible()
    assert "Texto aún sin guardar." in InformativeNote.objects.get(session=session).body
