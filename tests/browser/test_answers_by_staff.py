"""An institution phones the secretariat: "envía a su suplente". The staff record it from Confirmaciones."""

import pytest

from council.models import SeatAlternate
from sessions_app.models import Invitation, InvitationAnswer, Session
from tests.browser.conftest import assert_accessible, screenshot
from tests.council.factories import CouncilFactory, SeatFactory
from tests.members.factories import PersonFactory, UserFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_staff_record_a_suplente_given_by_phone(live_server, page, login):
    council = CouncilFactory(name="Consejo Estatal de Prueba", short_name="CEP")
    seats = [SeatFactory(council=council, institution__name=f"Secretaría {n}") for n in ("Uno", "Dos")]
    suplente = PersonFactory(institution=seats[0].institution, full_name="Sara Suplente")
    SeatAlternate.objects.create(seat=seats[0], person=suplente)
    session = SessionFactory(council=council, status=Session.Status.CONVENED)
    for seat in seats:
        Invitation.objects.create(
            session=session,
            institution=seat.institution,
            seat=seat,
            has_vote=True,
            invitee=seat.principal,
            delivery=Invitation.Delivery.SENT,
        )
    staff = UserFactory(username="secretaria", first_name="Rosa", last_name="Secretaria")
    council.staff.add(staff)

    login("secretaria")
    page.goto(f"{live_server.url}/sesiones/{session.pk}/confirmaciones/")
    row = page.locator("li", has_text="Secretaría Uno")
    row.get_by_role("link", name="Registrar su respuesta").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Registrar la respuesta de una institución").is_visible()
    page.get_by_label("Envía a un(a) suplente").check()
    page.get_by_label("Suplente registrado(a)").select_option(label=suplente.display_name)
    page.get_by_label("Comentario (motivo, quién llamó, por qué medio)").fill("Llamó su secretaria particular.")
    assert_accessible(page, context="respuesta registrada por la secretaría")
    screenshot(page, "respuesta-de-la-secretaria")
    page.get_by_role("button", name="Registrar la respuesta").click()
    page.wait_for_load_state()

    assert page.get_by_text("Se registró la respuesta de Secretaría Uno").is_visible()
    row = page.locator("li", has_text="Secretaría Uno")
    assert row.get_by_text("registrada por la Secretaría Técnica (Rosa Secretaria)").is_visible()
    assert row.get_by_text("Llamó su secretaria particular.").is_visible()
    record = InvitationAnswer.objects.get(invitation__institution=seats[0].institution)
    assert (record.channel, record.answered_by, record.attendee) == ("staff", staff, suplente)
