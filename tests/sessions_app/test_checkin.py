"""Attendance at the door and the declaration of quorum at first and second call."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import Council
from members.models import Person
from sessions_app.models import Session
from tests.council.factories import GuestSeatFactory, SeatFactory
from tests.members.factories import PersonFactory
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(world):
    """Today's convened session of X: four voting members (one with a suplente) and a guest."""
    start = timezone.now() + dt.timedelta(minutes=10)
    session = SessionFactory(council=world.council_x, starts_at=start)
    invitations = []
    for name in ["Uno", "Dos", "Tres", "Cuatro"]:
        seat = SeatFactory(council=world.council_x, institution__name=f"Institución {name}")
        invitations.append(
            InvitationFactory(session=session, institution=seat.institution, seat=seat, invitee=seat.principal)
        )
    alternate = PersonFactory(institution=invitations[0].institution, full_name="Susana Suplente")
    invitations[0].seat.alternate_links.create(person=alternate)
    guest_seat = GuestSeatFactory(council=world.council_x, institution__name="Institución Invitada")
    guest = InvitationFactory(
        session=session,
        institution=guest_seat.institution,
        seat=guest_seat,
        invitee=guest_seat.principal,
        role="guest",
        has_vote=False,
    )
    return session, invitations, alternate, guest


def _check_in(client, invitation, **data):
    return client.post(reverse("sessions_app:invitation_check_in", args=[invitation.pk]), data, follow=True)


def test_the_door_screen_lists_everyone_with_big_buttons(client, world, day):
    session, invitations, alternate, _ = day
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:checkin", args=[session.pk])).content.decode()
    assert "Institución Uno" in body and "Institución Invitada" in body
    assert "checkin-btn" in body
    assert f"Llegó {invitations[0].invitee.display_name}" in body
    assert f"Llegó {alternate.display_name}" in body
    assert "Aún sin quórum: 0 integrantes con voto presentes; se requieren 3 de 4. Faltan 3." in body


def test_checking_in_the_titular_records_who_and_when(client, world, day):
    session, invitations, _, _ = day
    client.force_login(world.staff_x)
    before = timezone.now()
    response = _check_in(client, invitations[1], attendee=invitations[1].invitee.pk)
    invitations[1].refresh_from_db()
    assert invitations[1].attended and invitations[1].attendee == invitations[1].invitee
    assert invitations[1].arrived_at >= before
    assert "Presente desde las" in response.content.decode()


def test_checking_in_a_suplente_with_the_time_of_arrival(client, world, day):
    session, invitations, alternate, _ = day
    client.force_login(world.staff_x)
    _check_in(client, invitations[0], attendee=alternate.pk, arrived_at="09:47")
    invitations[0].refresh_from_db()
    assert invitations[0].attendee == alternate
    assert timezone.localtime(invitations[0].arrived_at).strftime("%H:%M") == "09:47"


def test_checking_in_a_new_person_registers_them_in_the_institution(client, world, day):
    session, invitations, _, _ = day
    client.force_login(world.staff_x)
    _check_in(client, invitations[2], full_name="Nuevo Asistente", post="Jefe de Departamento", email="n@tres.gob.mx")
    person = Person.objects.get(full_name="Nuevo Asistente")
    assert person.institution == invitations[2].institution
    invitations[2].refresh_from_db()
    assert invitations[2].attended and invitations[2].attendee == person


def test_a_person_of_another_institution_is_refused_and_nothing_changes(client, world, day):
    session, invitations, alternate, _ = day
    client.force_login(world.staff_x)
    response = client.post(
        reverse("sessions_app:invitation_check_in", args=[invitations[1].pk]), {"attendee": alternate.pk}
    )
    assert response.status_code == 200
    assert "Seleccione una opción válida" in response.content.decode()
    invitations[1].refresh_from_db()
    assert not invitations[1].attended


def test_a_new_person_needs_all_their_data(client, world, day):
    session, invitations, _, _ = day
    client.force_login(world.staff_x)
    response = client.post(
        reverse("sessions_app:invitation_check_in", args=[invitations[1].pk]), {"full_name": "Solo Nombre"}
    )
    assert response.status_code == 200
    assert "Este dato es obligatorio" in response.content.decode()
    assert not Person.objects.filter(full_name="Solo Nombre").exists()


def test_a_mistaken_check_in_is_undone_after_confirming(client, world, day):
    session, invitations, _, _ = day
    client.force_login(world.staff_x)
    _check_in(client, invitations[1], attendee=invitations[1].invitee.pk)
    url = reverse("sessions_app:invitation_undo_check_in", args=[invitations[1].pk])
    assert "¿Quitar la asistencia de Institución Dos" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "Se deshizo el registro de Institución Dos" in response.content.decode()
    invitations[1].refresh_from_db()
    assert (invitations[1].attended, invitations[1].arrived_at) == (False, None)
    assert invitations[1].history.filter(attended=True).exists(), "the mistake stays in the history"


def test_quorum_is_declared_at_first_call_and_shown(client, world, day):
    session, invitations, _, guest = day
    client.force_login(world.staff_x)
    for invitation in [*invitations[:3], guest]:
        _check_in(client, invitation, attendee=invitation.invitee.pk)
    response = client.post(reverse("sessions_app:quorum_declare", args=[session.pk]), {"call": "first"}, follow=True)
    assert "Hay quórum: 3 integrantes con voto presentes; se requieren 3 de 4." in response.content.decode()
    session.refresh_from_db()
    assert (session.call, session.quorum_met, session.quorum_present, session.quorum_required) == ("first", True, 3, 3)
    detail = client.get(session.get_absolute_url()).content.decode()
    assert "Quórum declarado en Primera convocatoria" in detail


def test_without_quorum_at_first_call_the_second_call_follows_the_councils_rule(client, world, day):
    session, invitations, _, _ = day
    world.council_x.second_call_rule = Council.QuorumRule.ONE_THIRD
    world.council_x.save()
    client.force_login(world.staff_x)
    url = reverse("sessions_app:quorum_declare", args=[session.pk])
    refused = client.post(url, {"call": "second"}, follow=True).content.decode()
    assert "solo cuando en la primera no hubo quórum" in refused
    _check_in(client, invitations[0], attendee=invitations[0].invitee.pk)
    first = client.post(url, {"call": "first"}, follow=True).content.decode()
    assert "No hay quórum: 1 integrante con voto presente; se requieren 3 de 4. Faltan 2." in first
    assert "Declarar en segunda convocatoria" in first
    _check_in(client, invitations[1], attendee=invitations[1].invitee.pk)
    second = client.post(url, {"call": "second"}, follow=True).content.decode()
    assert "Hay quórum: 2 integrantes con voto presentes; se requieren 2 de 4." in second  # a third, rounded up
    session.refresh_from_db()
    assert (session.call, session.quorum_met, session.quorum_required) == ("second", True, 2)
    again = client.post(url, {"call": "first"}, follow=True).content.decode()
    assert "ya se declaró en segunda convocatoria" in again


def test_attendance_is_not_taken_for_a_cancelled_session(client, world, day):
    session, invitations, _, _ = day
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    client.force_login(world.staff_x)
    response = client.post(
        reverse("sessions_app:invitation_check_in", args=[invitations[1].pk]), {"attendee": invitations[1].invitee.pk}
    )
    assert response.status_code == 200
    assert "no se registra asistencia" in response.content.decode()
    invitations[1].refresh_from_db()
    assert not invitations[1].attended


@pytest.mark.parametrize("user", ["staff_y", "delegate_a"])
def test_only_the_councils_staff_take_attendance(client, world, day, user):
    session, invitations, _, _ = day
    client.force_login(getattr(world, user))
    assert client.get(reverse("sessions_app:checkin", args=[session.pk])).status_code == 403
    assert _check_in(client, invitations[1], attendee=invitations[1].invitee.pk).status_code == 403
    assert client.post(reverse("sessions_app:quorum_declare", args=[session.pk])).status_code == 403
    invitations[1].refresh_from_db()
    assert not invitations[1].attended
