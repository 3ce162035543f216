"""Scheduling a session, editing its logistics and moving its status from the browser."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import Session
from tests.council.factories import WorkingGroupFactory
from tests.formdata import read_version
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year + 3


def _form(**changes):
    data = {
        "working_group": "",
        "kind": "ordinary",
        "date": f"{YEAR}-03-10",
        "start_time": "10:00",
        "end_time": "12:00",
        "venue": "Palacio de Gobierno",
        "city": "Monterrey",
        "state": "Nuevo León",
        "modality": "in_person",
        "video_url": "",
    }
    return {**data, **changes}


def test_staff_schedule_a_session_numbered_and_with_the_template_agenda(client, world):
    client.force_login(world.staff_x)
    url = reverse("sessions_app:create", args=[world.council_x.pk])
    page = client.get(url).content.decode()
    assert "Programar una sesión" in page and 'name="number"' not in page
    response = client.post(url, _form(), follow=True)
    session = Session.objects.get(council=world.council_x, year=YEAR)
    assert session.title == f"Primera Sesión Ordinaria {YEAR}"
    assert session.status == Session.Status.DRAFT
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "10:00"
    body = response.content.decode()
    assert f"Se programó la Primera Sesión Ordinaria {YEAR}" in body
    assert "Lista de asistencia y declaración de quórum" in body and "Asuntos generales" in body


def test_a_working_group_session_is_numbered_apart(client, world):
    group = WorkingGroupFactory(council=world.council_x)
    client.force_login(world.staff_x)
    client.post(reverse("sessions_app:create", args=[world.council_x.pk]), _form(working_group=group.pk))
    assert Session.objects.get(working_group=group).number == 1


def test_another_councils_working_group_is_not_a_choice(client, world):
    other_group = WorkingGroupFactory(council=world.council_y)
    client.force_login(world.staff_x)
    response = client.post(
        reverse("sessions_app:create", args=[world.council_x.pk]), _form(working_group=other_group.pk)
    )
    assert response.status_code == 200
    assert "Seleccione una opción válida" in response.content.decode()
    assert not Session.objects.filter(working_group=other_group).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"modality": "virtual"}, "Una sesión virtual o híbrida necesita el enlace de videoconferencia."),
        ({"modality": "hybrid", "video_url": "no es un enlace"}, "Ingrese una URL válida."),
        ({"end_time": "09:00"}, "La hora de término debe ser posterior a la de inicio."),
        ({"date": ""}, "Este campo es obligatorio."),
    ],
)
def test_bad_input_is_shown_on_the_form_in_spanish(client, world, changes, message):
    client.force_login(world.staff_x)
    response = client.post(reverse("sessions_app:create", args=[world.council_x.pk]), _form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Session.objects.filter(council=world.council_x, year=YEAR).exists()


def test_staff_move_a_convened_session_and_see_a_success_message(client, world):
    session = SessionFactory(council=world.council_x, status=Session.Status.CONVENED)
    client.force_login(world.staff_x)
    url = reverse("sessions_app:update", args=[session.pk])
    new_date = timezone.localtime(session.starts_at).date() + dt.timedelta(days=1)
    data = {**_form(date=new_date.isoformat(), venue="Torre Administrativa"), **read_version(client, url)}
    response = client.post(url, data, follow=True)
    assert f"Se guardaron los cambios de la {session.title}" in response.content.decode()
    session.refresh_from_db()
    assert (session.venue, session.sequence) == ("Torre Administrativa", 1)


def test_a_convened_session_moved_to_another_year_is_refused_on_the_form(client, world):
    session = SessionFactory(council=world.council_x, status=Session.Status.CONVENED)
    client.force_login(world.staff_x)
    url = reverse("sessions_app:update", args=[session.pk])
    response = client.post(url, {**_form(date=f"{YEAR + 1}-01-15"), **read_version(client, url)})
    assert response.status_code == 200
    assert "no puede pasar al año" in response.content.decode()


def test_a_held_session_is_not_edited(client, world):
    session = SessionFactory(council=world.council_x, status=Session.Status.HELD)
    client.force_login(world.staff_x)
    response = client.get(reverse("sessions_app:update", args=[session.pk]), follow=True)
    assert "Solo se modifica la logística" in response.content.decode()


def test_the_session_page_shows_buttons_for_the_legal_moves_only(client, world):
    session = SessionFactory(council=world.council_x, status=Session.Status.DRAFT)
    client.force_login(world.staff_x)
    body = client.get(session.get_absolute_url()).content.decode()
    assert reverse("sessions_app:convene", args=[session.pk]) in body  # convening shows who will be convened
    for slug in ("postpone", "cancel"):
        assert reverse("sessions_app:status", args=[session.pk, slug]) in body
    for slug in ("convene", "hold", "close", "redraft", "reconvene"):
        assert reverse("sessions_app:status", args=[session.pk, slug]) not in body


def test_delegates_see_no_management_buttons(client, world):
    client.force_login(world.delegate_a)
    body = client.get(world.session_x.get_absolute_url()).content.decode()
    assert "Secretaría técnica" not in body
    assert reverse("sessions_app:status", args=[world.session_x.pk, "cancel"]) not in body


def test_convening_through_the_status_service_writes_the_invitations(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(council=world.council_x, status=Session.Status.DRAFT)
    client.force_login(world.staff_x)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sessions_app:status", args=[session.pk, "convene"]), follow=True)
    assert f"La {session.title} ahora está «Convocada»." in response.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.CONVENED
    assert session.invitations.get().institution == world.seat_a.institution
    assert len(mailoutbox) == 1


def test_cancelling_asks_for_confirmation_and_a_reason(client, world):
    session = world.session_x
    client.force_login(world.staff_x)
    url = reverse("sessions_app:status", args=[session.pk, "cancel"])
    page = client.get(url).content.decode()
    assert "Sí, cancelar la sesión" in page and "Motivo" in page
    session.refresh_from_db()
    assert session.status == Session.Status.CONVENED  # showing the confirmation changes nothing
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "Indique el motivo." in response.content.decode()
    response = client.post(url, {"reason": "Falta de sede"}, follow=True)
    assert "Motivo de la cancelación" in response.content.decode() and "Falta de sede" in response.content.decode()
    session.refresh_from_db()
    assert (session.status, session.status_reason) == (Session.Status.CANCELLED, "Falta de sede")


def test_an_illegal_move_from_the_browser_is_refused_with_a_message(client, world):
    session = SessionFactory(council=world.council_x, status=Session.Status.CLOSED)
    client.force_login(world.staff_x)
    response = client.post(reverse("sessions_app:status", args=[session.pk, "convene"]), follow=True)
    assert "no puede pasar a «Convocada»" in response.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.CLOSED


def test_marking_a_future_session_held_is_refused_with_a_message(client, world):
    client.force_login(world.staff_x)
    response = client.post(reverse("sessions_app:status", args=[world.session_x.pk, "hold"]), follow=True)
    assert "Aún no es el día de la sesión: se marca como celebrada a partir del" in response.content.decode()


def test_a_postponed_session_is_rescheduled_with_a_new_date(client, world):
    session = SessionFactory(council=world.council_x, status=Session.Status.POSTPONED, status_reason="Sin sede")
    InvitationFactory(session=session, institution=world.seat_a.institution, delivery="sent")
    client.force_login(world.staff_x)
    url = reverse("sessions_app:status", args=[session.pk, "reconvene"])
    new_date = timezone.localtime(session.starts_at).date() + dt.timedelta(days=1)
    past = client.post(url, {"date": "2020-01-10", "start_time": "10:00", "end_time": "12:00"})
    assert "La nueva fecha debe ser futura." in past.content.decode()
    client.post(url, {"date": new_date.isoformat(), "start_time": "10:00", "end_time": "12:00"})
    session.refresh_from_db()
    assert session.status == Session.Status.CONVENED
    assert timezone.localtime(session.starts_at).date() == new_date


def test_an_unknown_action_is_404(client, world):
    client.force_login(world.staff_x)
    assert client.get(reverse("sessions_app:status", args=[world.session_x.pk, "explode"])).status_code == 404


def test_the_plenary_session_page_offers_to_form_a_working_group_from_it(client, world):
    """Staff form a working group from the session that forms it; the form comes with that session chosen."""
    session = SessionFactory(council=world.council_x, status=Session.Status.CONVENED)
    client.force_login(world.staff_x)
    link = reverse("council:group_create", args=[world.council_x.pk]) + f"?sesion={session.pk}"
    assert link in client.get(session.get_absolute_url()).content.decode()
    form = client.get(link).context["form"]
    assert str(form["formed_at"].value()) == str(session.pk)
    draft = SessionFactory(council=world.council_x, status=Session.Status.DRAFT)
    assert "?sesion=" not in client.get(draft.get_absolute_url()).content.decode()
