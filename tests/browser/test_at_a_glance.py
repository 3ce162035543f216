"""Journey: the pictures people look at rather than read — attendance for a period, the tracker's counts, the gauge."""

import pytest
from django.core.management import call_command

from council.models import Council
from sessions_app.models import Session
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_attendance_for_a_period_the_trackers_counts_and_the_quorum_gauge(live_server, page, login):
    call_command("load_demo", verbosity=0)
    council = Council.objects.get(short_name__icontains="Trata")
    upcoming = Session.objects.filter(council=council, status=Session.Status.CONVENED).first()
    login("secretaria", password="sesiones-demo")

    page.goto(f"{live_server.url}/consejos/{council.pk}/asistencia/")
    assert page.get_by_role("heading", name="Por sesión").is_visible()
    page.get_by_label("Desde").fill("2022-01-01")
    page.get_by_label("Hasta").fill("2022-12-31")
    page.get_by_role("button", name="Ver periodo").click()
    page.wait_for_load_state()
    assert page.get_by_text("Del 1 de enero de 2022 al 31 de diciembre de 2022").is_visible()
    assert "desde=2022-01-01" in page.get_by_role("link", name="Descargar CSV").get_attribute("href")
    assert_accessible(page, context="asistencia por periodo")
    screenshot(page, "asistencia-por-periodo")
    page.get_by_label("Desde").fill("2023-01-01")
    page.get_by_label("Hasta").fill("2022-01-01")
    page.get_by_role("button", name="Ver periodo").click()
    page.wait_for_load_state()
    assert page.get_by_text("La fecha final debe ser igual o posterior a la inicial.").is_visible()

    page.goto(f"{live_server.url}/acuerdos/consejo/{council.pk}/")
    assert page.get_by_role("heading", name="Vencidos por institución").is_visible()
    page.locator("a[href='?status=fulfilled']").click()
    page.wait_for_load_state()
    assert "status=fulfilled" in page.url
    assert_accessible(page, context="seguimiento de acuerdos")

    page.goto(f"{live_server.url}/sesiones/{upcoming.pk}/confirmaciones/")
    gauge = page.locator(".quorum-gauge").first
    assert gauge.get_by_text("integrantes con voto").is_visible()
    assert gauge.get_by_text("Se requieren").is_visible()
    assert_accessible(page, context="confirmaciones con el medidor de quórum")
    screenshot(page, "confirmaciones-quorum")
