"""Journey: the secretariat of a second council, in another state, imports its seats from a spreadsheet and
convenes its first session; same-named institutions of Nuevo León's demo are left as they were."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.spreadsheets import xlsx_bytes
from council.importing import SEAT_COLUMNS
from council.models import Seat
from members.models import Institution, State
from sessions_app.models import Session
from tests.browser.conftest import assert_accessible, screenshot
from tests.council.factories import CouncilFactory
from tests.members.factories import InstitutionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(institution, short, role, honorific, name, post, email, place, has_vote="sí"):
    return {
        "institution": institution,
        "short_name": short,
        "kind": "Dependencia estatal",
        "government_order": "Estatal",
        "state": "Jalisco",
        "role": role,
        "has_vote": has_vote,
        "honorific": honorific,
        "full_name": name,
        "post": post,
        "email": email,
        "place": place,
    }


ROWS = [
    _row(
        "Secretaría General de Gobierno",
        "SGG",
        "Presidencia",
        "Lic.",
        "Laura Ibarra Sánchez",
        "Secretaria General",
        "laura.ibarra@jalisco.gob.mx",
        "titular",
    ),
    _row(
        "Secretaría de Igualdad e Inclusión",
        "SII",
        "Secretaría Técnica",
        "Mtra.",
        "Elena Ruiz Corona",
        "Directora General",
        "elena.ruiz@jalisco.gob.mx",
        "titular",
    ),
    _row(
        "Secretaría de Salud",
        "SSJ",
        "Integrante",
        "Dr.",
        "Jorge Villaseñor Lara",
        "Secretario de Salud",
        "jorge.villasenor@jalisco.gob.mx",
        "titular",
    ),
    _row(
        "Secretaría de Salud",
        "SSJ",
        "Integrante",
        "Dra.",
        "Rosa Pérez Nuño",
        "Directora de Salud Pública",
        "rosa.perez@jalisco.gob.mx",
        "suplente",
    ),
    _row(
        "Secretaría de Educación",
        "SEJ",
        "Integrante",
        "Mtro.",
        "Iván Gómez Ríos",
        "Secretario de Educación",
        "ivan.gomez@jalisco.gob.mx",
        "titular",
    ),
]


def test_import_a_second_councils_seats_then_convene(live_server, page, login):
    call_command("load_demo", verbosity=0)
    nl_health = Institution.objects.get(name="Secretaría de Salud", state=State.NUEVO_LEON)
    nl_health_people = set(nl_health.people.values_list("pk", flat=True))
    jalisco = InstitutionFactory(name="Despacho del Gobernador de Jalisco", short_name="DGJ", state=State.JALISCO)
    council = CouncilFactory(
        name="Consejo Estatal contra la Trata de Jalisco",
        short_name="CECT Jalisco",
        presiding_institution=jalisco,
        secretariat_institution=jalisco,
        default_city="Guadalajara",
    )
    council.staff.add(UserFactory(username="secretaria_jal"))
    login("secretaria_jal")

    page.goto(f"{live_server.url}{council.get_absolute_url()}")
    page.get_by_role("link", name="Importar lugares").click()
    page.wait_for_load_state()
    page.get_by_label("Archivo XLSX o CSV").set_input_files(
        {
            "name": "lugares-jalisco.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": xlsx_bytes(SEAT_COLUMNS, ROWS),
        }
    )
    page.get_by_role("button", name="Revisar archivo").click()
    page.wait_for_load_state()

    # The preview: five rows to create, nothing written yet.
    assert page.get_by_role("heading", name=re.compile(r"Vista previa: 5 con altas")).is_visible()
    assert page.get_by_text("Registra la institución Secretaría de Salud (SSJ) · Jalisco.").is_visible()
    assert not council.seats.exists()
    assert_accessible(page, context="vista previa de la importación")
    screenshot(page, "importar-vista-previa")
    page.get_by_role("button", name="Confirmar importación").click()
    page.wait_for_load_state()
    assert page.get_by_text("Importación aplicada: 5 filas con altas").is_visible()

    seats = Seat.objects.filter(council=council)
    assert seats.count() == 4
    health = seats.get(institution__name="Secretaría de Salud")
    assert health.institution.state == State.JALISCO and health.institution.pk != nl_health.pk
    assert [p.full_name for p in health.alternates.all()] == ["Rosa Pérez Nuño"]
    assert set(nl_health.people.values_list("pk", flat=True)) == nl_health_people

    # A session of that council, scheduled and convened.
    page.get_by_role("link", name="Programar sesión").first.click()
    day = timezone.localdate() + dt.timedelta(days=20)
    page.get_by_label("Fecha").fill(day.isoformat())
    page.get_by_label("Hora de inicio").fill("10:00")
    page.get_by_label("Hora de término").fill("12:00")
    page.get_by_label("Sede").fill("Palacio de Gobierno de Jalisco")
    page.get_by_role("button", name="Programar sesión").click()
    page.wait_for_load_state()
    session = Session.objects.get(council=council, starts_at__date=day)
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    page.get_by_role("link", name="Convocar…").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Convocar y enviar").click()
    page.wait_for_load_state()
    assert page.get_by_text("convocatorias en preparación").is_visible()
    assert "/admin/" not in page.url
    session.refresh_from_db()
    assert session.invitations.count() >= 4
