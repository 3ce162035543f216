"""Journey 1: the secretariat schedules a session from the template, drags its agenda in order, annexes, convenes."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from sessions_app.models import AgendaItem, Session
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_POINT = "Presentación del Programa Estatal contra la Trata 2027"


def _agenda_titles(page) -> list[str]:
    titles = page.locator("#agenda-editor li .fw-semibold:not(.agenda-number)").all_inner_texts()
    return [title.strip() for title in titles]


def _drag(page, source, target):
    """Drag ``source`` by its handle onto ``target``'s upper half, in small steps, as a hand would (SortableJS)."""
    # Instantly: Bootstrap makes scrolling smooth, and the boxes would be measured mid-scroll.
    target.evaluate("element => element.scrollIntoView({block: 'center', behavior: 'instant'})")
    handle = source.locator(".drag-handle").bounding_box()
    box = target.bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.wait_for_timeout(150)  # SortableJS starts a drag on the next frames; a busy machine draws them late
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] - 10, steps=5)
    page.wait_for_timeout(150)
    page.mouse.move(box["x"] + 40, box["y"] + box["height"] * 0.25, steps=20)
    page.wait_for_timeout(150)
    page.mouse.up()


def _drag_until_saved(page, source, target, attempts=3):
    """Drag as a hand would; a hand whose first drag did not take (no "saved" message) simply drags again."""
    for attempt in range(attempts):
        _drag(page, source, target)
        try:
            page.get_by_text("Se guardó el nuevo orden.").wait_for(timeout=8000)
            return
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise


def test_schedule_order_the_agenda_by_dragging_annex_and_convene(live_server, page, login, tmp_path):
    call_command("load_demo", verbosity=0)
    login("secretaria", password="sesiones-demo")

    # The dashboard: what awaits the secretariat.
    assert page.get_by_role("heading", name="Próximas sesiones").is_visible()
    assert_accessible(page, context="tablero")
    screenshot(page, "tablero")

    # The council, then a new ordinary session a month from now.
    page.get_by_role("link", name=re.compile(r"^Consejo Estatal contra la Trata NL Consejo")).click()
    page.wait_for_load_state()
    assert_accessible(page, context="consejo")
    screenshot(page, "consejo")
    page.get_by_role("link", name="Programar sesión").first.click()
    day = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("Fecha").fill(day.isoformat())
    page.get_by_label("Hora de inicio").fill("10:00")
    page.get_by_label("Hora de término").fill("12:00")
    page.get_by_label("Sede").fill("Palacio de Gobierno, Salón Verde")
    assert_accessible(page, context="programar sesión")
    page.get_by_role("button", name="Programar sesión").click()
    page.wait_for_load_state()
    assert page.get_by_text("Su orden del día parte de la plantilla").is_visible()
    session = Session.objects.get(starts_at__date=day, council__short_name="Consejo Estatal contra la Trata NL")
    assert session.status == Session.Status.DRAFT
    assert_accessible(page, context="sesión")

    # The agenda starts from the template; a point is added, then dragged above «Seguimiento de acuerdos».
    page.get_by_role("link", name="Orden del día").first.click()
    page.wait_for_load_state()
    assert _agenda_titles(page)[:2] == [
        "Lista de asistencia y declaración de quórum",
        "Lectura y, en su caso, aprobación del orden del día",
    ]
    page.get_by_label("Título del punto").fill(NEW_POINT)
    page.get_by_label("Tipo de punto").select_option(label="Presentación")
    page.get_by_label("Duración (minutos)").fill("20")
    page.get_by_role("button", name="Agregar punto").click()
    page.wait_for_load_state()
    titles = _agenda_titles(page)
    assert titles.index(NEW_POINT) == titles.index("Seguimiento de acuerdos") + 1

    items = page.locator("#agenda-editor li.list-group-item")
    source = items.filter(has_text=NEW_POINT)
    target = items.filter(has_text="Seguimiento de acuerdos")
    _drag_until_saved(page, source, target)
    assert_accessible(page, context="editor del orden del día")

    page.reload()
    screenshot(page, "orden-del-dia")
    titles = _agenda_titles(page)
    assert titles.index(NEW_POINT) == titles.index("Seguimiento de acuerdos") - 1, titles
    stored = list(session.agenda_items.order_by("order").values_list("title", flat=True))
    assert stored == titles

    # An annex for the new point.
    items.filter(has_text=NEW_POINT).get_by_role("link", name="Anexos").click()
    page.wait_for_load_state()
    annex = tmp_path / "Programa Estatal 2027.pdf"
    annex.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    page.get_by_label("Archivo").set_input_files(str(annex))
    page.get_by_label("Título").fill("Proyecto de Programa Estatal 2027")
    page.get_by_role("button", name="Subir anexo").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Proyecto de Programa Estatal 2027").is_visible()
    assert_accessible(page, context="anexos")
    assert AgendaItem.objects.get(session=session, title=NEW_POINT).documents.count() == 1

    # Convene: every seat receives its convocation, with the annexed point in the agenda.
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    page.get_by_role("link", name="Convocar…").click()
    page.wait_for_load_state()
    assert_accessible(page, context="convocatoria")
    page.get_by_role("button", name="Convocar y enviar").click()
    page.wait_for_load_state()
    assert page.get_by_text("convocatorias en preparación").is_visible()
    session.refresh_from_db()
    assert session.status == Session.Status.CONVENED
    seats = session.council.seats.filter(archived_at__isnull=True).count()
    assert len(mail.outbox) == seats
    assert NEW_POINT in mail.outbox[0].body
