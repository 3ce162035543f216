"""The staff's live view of a convocation: who answered what, who was not reached, the projected quorum."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions_app.models import Invitation
from sessions_app.services.answers import NewPerson, invitation_answer
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(world):
    """A convened session of X with five voting members who answered differently, one not reached, one guest."""
    session = SessionFactory(council=world.council_x)
    invitations = {}
    for name in ["Confirma", "Suplente", "Declina", "Callada", "Inalcanzable"]:
        seat = SeatFactory(council=world.council_x, institution__name=f"Institución {name}")
        invitations[name] = InvitationFactory(
            session=session, institution=seat.institution, seat=seat, invitee=seat.principal, delivery="sent"
        )
    invitation_answer(invitation=invitations["Confirma"], answer="confirmed")
    invitation_answer(
        invitation=invitations["Suplente"],
        answer="alternate",
        proposed=NewPerson(full_name="Persona Propuesta", post="Directora", email="p@s.gob.mx"),
    )
    invitation_answer(invitation=invitations["Declina"], answer="declined")
    Invitation.objects.filter(pk=invitations["Inalcanzable"].pk).update(
        delivery="failed", delivery_error="550 buzón inexistente", delivery_attempts=6
    )
    return session


def _section(body, title):
    """The text of one section of the panel, from its heading to the next."""
    start = body.index(f">{title}</h2>")
    end = body.find("</h2>", start + len(title) + 6)
    return body[start : end if end != -1 else None]


def test_the_staff_see_each_group_and_the_projected_quorum(client, world, live):
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:attendance_live", args=[live.pk])).content.decode()
    assert "Institución Confirma" in _section(body, "Confirmaron")
    assert "Institución Suplente" in _section(body, "Envían suplente")
    assert "Persona Propuesta" in body and "por validar" in body
    assert "Institución Callada" in _section(body, "Sin respuesta")
    assert "Institución Declina" in _section(body, "No asistirán")
    not_reached = _section(body, "No localizados")
    assert "Institución Inalcanzable" in not_reached and "550 buzón inexistente" in not_reached
    # 5 voting seats, half plus one = 3 required, 2 expected (confirmed + suplente).
    assert re.search(r"2 / 3", body)
    assert "Falta 1 confirmación con voto para el quórum" in body


def test_the_panel_refreshes_itself_with_htmx_and_no_inline_script(client, world, live):
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:attendance_live", args=[live.pk])).content.decode()
    panel_url = reverse("sessions_app:attendance_live_panel", args=[live.pk])
    assert f'hx-get="{panel_url}"' in body and 'hx-trigger="every 5s"' in body
    assert "vendor/htmx/htmx.min.js" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), "every script is loaded from a file"
    assert "onclick" not in body
    panel = client.get(panel_url)
    assert panel.status_code == 200
    assert "<html" not in panel.content.decode() and "Institución Confirma" in panel.content.decode()


@pytest.mark.parametrize("user", ["staff_y", "delegate_a"])
def test_only_the_councils_staff_see_the_live_view(client, world, live, user):
    client.force_login(getattr(world, user))
    assert client.get(reverse("sessions_app:attendance_live", args=[live.pk])).status_code == 403
    assert client.get(reverse("sessions_app:attendance_live_panel", args=[live.pk])).status_code == 403


def _grow(session, council, n):
    for i in range(n):
        seat = SeatFactory(council=council)
        invitation = InvitationFactory(
            session=session, institution=seat.institution, seat=seat, invitee=seat.principal, delivery="sent"
        )
        if i % 2:
            invitation_answer(
                invitation=invitation,
                answer="alternate",
                proposed=NewPerson(full_name=f"Propuesta {i}", post="Dir", email=f"p{i}@x.gob.mx"),
            )
        else:
            invitation_answer(invitation=invitation, answer="confirmed")


@pytest.mark.parametrize("page", ["sessions_app:attendance_live", "sessions_app:attendance_live_panel"])
def test_the_live_view_keeps_a_fixed_number_of_queries(client, world, live, page):
    client.force_login(world.staff_x)
    url = reverse(page, args=[live.pk])
    _grow(live, world.council_x, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(live, world.council_x, 20)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


def test_while_letters_go_out_the_panel_shows_how_far_along_they_are(client, world, live):
    """Convening many institutions takes seconds: the panel says how many went and shows a progress bar."""
    live.invitations.filter(institution__name="Institución Callada").update(delivery="queued")
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:attendance_live_panel", args=[live.pk])).content.decode()
    assert "1 correo en envío." in body and "Enviados 3 de 5." in body
    assert re.search(r'<progress class="w-100 sending-progress" max="5" value="3">', body)
