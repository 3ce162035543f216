"""Journey 5: a delegate reports progress on their institution's agreement; the secretariat's tracker shows it."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from core import wording
from sessions_app.models import Agreement
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROTOCOL = "La Secretaría de Salud elaborará el protocolo de atención médica y psicológica para víctimas."
REPORT = "Se concluyó el primer borrador del protocolo; se revisará con la Fiscalía el 15 de enero."


def test_a_delegate_reports_progress_on_their_agreement(live_server, page, login, tmp_path):
    call_command("load_demo", verbosity=0)
    agreement = Agreement.objects.get(text=PROTOCOL)

    # The delegate of the Secretaría de Salud finds the agreement on their dashboard.
    login("salud", password="sesiones-demo")
    mine = page.locator("section", has=page.get_by_role("heading", name="Acuerdos de mi institución"))
    assert mine.get_by_role("link", name=agreement.number).is_visible()
    assert_accessible(page, context="tablero de la delegada")
    mine.get_by_role("link", name="Informar avance").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Informar avance").is_visible()
    assert_accessible(page, context="acuerdo")

    # The report, with a PDF as evidence.
    evidence = tmp_path / "Borrador del protocolo.pdf"
    evidence.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    page.get_by_role("textbox", name="Avance").fill(REPORT)
    page.get_by_label("Evidencia (opcional)").set_input_files(str(evidence))
    page.get_by_role("button", name="Enviar avance").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"Se registró el avance del acuerdo {agreement.number}").is_visible()
    assert page.get_by_text(REPORT).is_visible()
    assert_accessible(page, context="acuerdo con avance")
    update = agreement.updates.get()
    assert update.institution.name == "Secretaría de Salud"
    assert update.text == REPORT and update.evidence

    # Reporting progress starts the agreement; the secretariat's tracker shows the latest report.
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_PROGRESS
    staff = page.context.browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900}).new_page()
    log_in(staff, live_server.url, "secretaria", "sesiones-demo")
    staff.goto(f"{live_server.url}/acuerdos/consejo/{agreement.session.council_id}/")
    row = staff.get_by_role("row").filter(has_text=agreement.number)
    assert "En proceso" in row.inner_text()
    assert wording.long_date(timezone.localdate()) in row.inner_text(), "the date of the last report"
    assert_accessible(staff, context="seguimiento de acuerdos")
    screenshot(staff, "seguimiento-de-acuerdos")
