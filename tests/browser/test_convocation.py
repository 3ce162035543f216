"""Journeys 2 and 3: a delegate sends a suplente from the e-mail's link; at the door, attendance and quorum."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from council.models import SeatAlternate
from sessions_app.models import Invitation, Session
from sessions_app.services.sessions import agenda_apply_template
from tests.browser.conftest import assert_accessible, screenshot
from tests.council.factories import CouncilFactory, SeatFactory
from tests.members.factories import PersonFactory, UserFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_convene_answer_with_a_suplente_watch_live_and_check_in(live_server, page, login, settings):
    settings.SITE_URL = live_server.url
    council = CouncilFactory(name="Consejo Estatal de Prueba", short_name="CEP")
    seats = [SeatFactory(council=council, institution__name=f"Secretaría {n}") for n in ("Uno", "Dos", "Tres")]
    suplente = PersonFactory(institution=seats[0].institution, full_name="Sara Suplente")
    SeatAlternate.objects.create(seat=seats[0], person=suplente)
    session = SessionFactory(
        council=council, status=Session.Status.DRAFT, starts_at=timezone.now() + dt.timedelta(hours=1)
    )
    agenda_apply_template(session=session)
    staff = UserFactory(username="secretaria")
    council.staff.add(staff)

    # The secretariat convenes.
    login("secretaria")
    page.goto(f"{live_server.url}/sesiones/{session.pk}/convocar/")
    assert page.get_by_text("Se convocará a 3 lugares del consejo").is_visible()
    assert_accessible(page, context="convocatoria")
    page.get_by_role("button", name="Convocar y enviar").click()
    page.wait_for_load_state()
    assert page.get_by_text("3 convocatorias en preparación").is_visible()
    assert len(mail.outbox) == 3

    # The titular of Secretaría Uno opens the link of the e-mail, without an account, and sends the suplente.
    message = next(m for m in mail.outbox if seats[0].principal.email in m.to)
    link = re.search(r"^(http\S+/respuesta/\S+/)$", message.body, re.M).group(1)
    delegate = page.context.browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900}).new_page()
    delegate.goto(link)
    assert delegate.get_by_role("heading", name=session.title).is_visible()
    assert_accessible(delegate, context="página de respuesta")
    screenshot(delegate, "respuesta")
    delegate.get_by_label("Asistirá un(a) suplente en mi lugar").check()
    delegate.get_by_label("Suplente registrado(a)").select_option(label=suplente.display_name)
    delegate.get_by_role("button", name="Enviar respuesta").click()
    delegate.wait_for_load_state()
    assert delegate.get_by_text(f"registramos que asistirá {suplente.display_name}").is_visible()

    # The secretariat's live view catches up by itself (htmx polling), without reloading.
    page.goto(f"{live_server.url}/sesiones/{session.pk}/confirmaciones/")
    assert page.locator("[data-count=alternate]").inner_text() == "1"
    delegate.get_by_label("Confirmo mi asistencia").check()
    # "Confirmo" needs no suplente: the suplente's fields close (on a phone, nothing to scroll past).
    assert not delegate.get_by_label("Suplente registrado(a)").is_visible()
    delegate.get_by_role("button", name="Enviar respuesta").click()
    page.locator("[data-count=confirmed]").filter(has_text="1").wait_for(timeout=15000)
    assert_accessible(page, context="confirmaciones")

    # At the door, on a tablet: the titular of Secretaría Dos arrives.
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_server.url}/sesiones/{session.pk}/registro/")
    assert_accessible(page, context="registro de asistencia")
    button = page.get_by_role("button", name=f"Llegó {seats[1].principal.display_name}")
    assert button.bounding_box()["height"] >= 56, "a touch target a thumb can hit"
    page.evaluate(
        """() => { window.__busySeen = false;
                   new MutationObserver((records) => { for (const r of records) {
                     if (r.attributeName === "aria-busy" && (r.oldValue === "true"
                         || r.target.getAttribute("aria-busy") === "true")) window.__busySeen = true; } })
                   .observe(document.body, {subtree: true, attributes: true, attributeOldValue: true,
                            attributeFilter: ["aria-busy"]}); }"""
    )
    button.click()  # one tap: htmx swaps the row (and the quorum's count), the page is not reloaded
    page.get_by_text("Presente desde las").first.wait_for()
    assert page.evaluate("window.__busySeen"), "the tapped button showed that it was working"

    # The suplente of Secretaría Uno arrives: 2 of 3 voting seats present, quorum (half plus one) is declared.
    page.get_by_role("button", name=f"Llegó {suplente.display_name}").click()
    # The tap is swapped in by htmx with the quorum's card: the sentence changes without a reload.
    page.get_by_text("Hay quórum: 2 integrantes con voto presentes; se requieren 2 de 3.").wait_for(timeout=10_000)
    assert page.locator("#quorum-card .quorum-gauge").get_by_text("2 presentes").is_visible()
    page.get_by_role("button", name="Declarar quórum (primera convocatoria)").click()
    page.wait_for_load_state()
    # The message of the declaration, and the count above the list: the same sentence.
    assert page.get_by_text("Hay quórum: 2 integrantes con voto presentes; se requieren 2 de 3.").count() == 2
    assert page.get_by_text("Quórum declarado en primera convocatoria a las").is_visible()
    session.refresh_from_db()
    assert session.quorum_met and session.quorum_present == 2
    assert_accessible(page, context="quórum declarado")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "registro-de-asistencia")
    assert Invitation.objects.get(session=session, seat=seats[1]).attended
