"""Convening a session: invitations per seat and guest, the e-mails, the .ics, updates, cancellations, failures."""

import datetime as dt
import re
from smtplib import SMTPRecipientsRefused, SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from core.wording import long_date
from council.models import Council
from council.services.seats import seat_create
from sessions_app.documents.builders import convocation_document
from sessions_app.models import Invitation, Session
from sessions_app.services import invitations as invitation_services
from sessions_app.services.answers import invitation_answer
from sessions_app.services.convocation import (
    invitation_add_guest,
    session_convene,
    session_notify_cancel,
    session_notify_change,
    session_notify_postpone,
)
from tests.council.factories import SeatFactory
from tests.members.factories import InstitutionFactory, PersonFactory
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _convene(session, capture):
    with capture(execute=True):
        return session_convene(session=session)


def _mail_to(address):
    return next(m for m in mail.outbox if address in m.to)


def _ics(message):
    """The .ics attached to an e-mail, parsed back, and its MIME part."""
    part = next(p for p in message.attachments if p.get_content_type() == "text/calendar")
    return Calendar.from_ical(part.get_payload(decode=True)), part


def test_convening_invites_every_active_seat_with_its_role_vote_and_titular(
    convening, django_capture_on_commit_callbacks
):
    """One invitation per active seat: members with their vote, guests without; archived seats are left out."""
    _convene(convening.session, django_capture_on_commit_callbacks)
    invitations = {i.institution.name: i for i in convening.session.invitations.select_related("institution")}
    assert set(invitations) == {"Institución A", "Institución C", "Institución Invitada G"}
    a, g = invitations["Institución A"], invitations["Institución Invitada G"]
    assert (a.role, a.has_vote, a.invitee, a.seat) == ("member", True, convening.seat_a.principal, convening.seat_a)
    assert (g.role, g.has_vote) == ("guest", False)
    convening.session.refresh_from_db()
    assert convening.session.status == Session.Status.CONVENED
    assert all(i.delivery == Invitation.Delivery.SENT and i.sent_at for i in invitations.values())
    assert a.history.count() >= 1, "bulk-created invitations keep an audit history"


def test_each_titular_is_emailed_with_the_suplentes_in_copy_and_a_personal_link(
    convening, client, settings, django_capture_on_commit_callbacks
):
    """The titular receives the convocation, the suplentes are copied; the subject names session and council."""
    settings.SITE_URL = "https://sesiones.example.gob.mx"
    _convene(convening.session, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    message = _mail_to(convening.seat_a.principal.email)
    assert sorted(message.cc) == sorted([convening.alternate_a1.email, convening.alternate_a2.email])
    assert message.subject == f"Convocatoria: {convening.session.title} — X"
    html = message.alternatives[0][0]
    assert "Lectura y, en su caso, aprobación del orden del día" in message.body
    assert "https://video.example.gob.mx/consejo-x" in message.body
    assert re.search(r"Fecha: [a-záéíóú]+ \d{1,2} de [a-z]+ de \d{4}", message.body), "dated as official letters are"
    assert "Responder a la convocatoria" in html
    link = next(line for line in message.body.splitlines() if line.startswith("https://sesiones.example.gob.mx/"))
    response = client.get(link.removeprefix("https://sesiones.example.gob.mx"))
    assert response.status_code == 200
    assert "Institución A" in response.content.decode()


def test_the_ics_parses_back_with_organizer_attendee_rsvp_location_and_stable_uid(
    convening, django_capture_on_commit_callbacks
):
    _convene(convening.session, django_capture_on_commit_callbacks)
    cal, part = _ics(_mail_to(convening.seat_a.principal.email))
    assert part.get_param("method") == "REQUEST"
    assert str(cal["METHOD"]) == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == f"session-{convening.session.pk}@sesiones"
    assert int(event["SEQUENCE"]) == 0
    attendee = event["ATTENDEE"][0]
    assert str(attendee) == f"mailto:{convening.seat_a.principal.email}"
    assert str(attendee.params["RSVP"]) == "TRUE"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert "Palacio de Gobierno" in str(event["LOCATION"])
    assert "https://video.example.gob.mx/consejo-x" in str(event["LOCATION"])


def test_changing_the_date_sends_an_update_that_replaces_the_calendar_entry(
    convening, django_capture_on_commit_callbacks
):
    """Same UID, higher SEQUENCE, the new date: calendars replace the old entry."""
    _convene(convening.session, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    session = convening.session
    duration = session.ends_at - session.starts_at
    session.starts_at = timezone.localtime(session.starts_at).replace(hour=16, minute=0) + dt.timedelta(days=1)
    session.ends_at = session.starts_at + duration
    session.sequence += 1
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert session_notify_change(session=session) == 3
    message = _mail_to(convening.seat_a.principal.email)
    assert message.subject.startswith("Cambio en la convocatoria:")
    assert "16:00" in message.body
    cal, _ = _ics(message)
    event = cal.walk("VEVENT")[0]
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (f"session-{session.pk}@sesiones", 1)
    assert str(cal["METHOD"]) == "REQUEST"


def test_cancelling_sends_method_cancel(convening, django_capture_on_commit_callbacks):
    _convene(convening.session, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    session = convening.session
    session.status = Session.Status.CANCELLED
    session.status_reason = "Falta de quórum previsible"
    session.sequence += 1
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        session_notify_cancel(session=session)
    assert len(mail.outbox) == 3
    message = _mail_to(convening.seat_a.principal.email)
    assert message.subject.startswith("Cancelación:")
    assert "CANCELADA" in message.body and "Falta de quórum previsible" in message.body
    cal, part = _ics(message)
    assert part.get_param("method") == "CANCEL"
    assert str(cal["METHOD"]) == "CANCEL"
    event = cal.walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"session-{session.pk}@sesiones"


def test_postponing_removes_the_entry_until_a_new_date_is_sent(convening, django_capture_on_commit_callbacks):
    _convene(convening.session, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    session = convening.session
    session.status = Session.Status.POSTPONED
    session.status_reason = "Coincide con el informe de gobierno"
    session.sequence += 1
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert session_notify_postpone(session=session) == 3
    message = _mail_to(convening.seat_a.principal.email)
    assert message.subject.startswith("Sesión pospuesta:")
    assert "POSPUESTA" in message.body and "Coincide con el informe de gobierno" in message.body
    assert "/sesiones/respuesta/" not in message.body, "no answer link for a session that admits no answers"
    cal, part = _ics(message)
    assert (part.get_param("method"), str(cal["METHOD"])) == ("CANCEL", "CANCEL")
    assert int(cal.walk("VEVENT")[0]["SEQUENCE"]) == 1


def test_the_convening_request_does_a_fixed_amount_of_work_and_queues_one_task(
    convening, client, django_capture_on_commit_callbacks
):
    """The request marks the session convened and queues one task; the worker writes and sends the invitations."""
    from sessions_app import tasks

    staff = convening.world.staff_x
    client.force_login(staff)
    with (
        mock.patch("sessions_app.tasks.convocation_prepare.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("sessions_app:convene", args=[convening.session.pk]), follow=True)
    assert "3 convocatorias en preparación" in response.content.decode()
    assert "Preparando la convocatoria de 3 lugares" in response.content.decode()
    delay.assert_called_once_with(convening.session.pk, staff.pk)
    assert mail.outbox == [] and not convening.session.invitations.exists()
    convening.session.refresh_from_db()
    assert convening.session.status == Session.Status.CONVENED

    tasks.convocation_prepare.apply(args=delay.call_args.args)  # what the worker does with the message
    assert convening.session.invitations.count() == 3
    assert len(mail.outbox) == 3
    tasks.convocation_prepare.apply(args=delay.call_args.args)  # delivered twice by the broker: nothing twice
    assert convening.session.invitations.count() == 3 and len(mail.outbox) == 3


def test_a_seat_added_after_convening_is_convened_from_the_same_page(
    convening, client, django_capture_on_commit_callbacks
):
    _convene(convening.session, django_capture_on_commit_callbacks)
    late = SeatFactory(council=convening.world.council_x, institution__name="Institución Tardía")
    client.force_login(convening.world.staff_x)
    url = reverse("sessions_app:convene", args=[convening.session.pk])
    body = client.get(url).content.decode()
    assert "1 lugar vigente aún no tiene convocatoria" in body and "Institución Tardía" in body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert convening.session.invitations.filter(seat=late).exists()
    assert mail.outbox[-1].to == [late.principal.email]
    assert len(mail.outbox) == 4


def test_the_staff_see_who_will_be_convened_and_convene(convening, client, django_capture_on_commit_callbacks):
    client.force_login(convening.world.staff_x)
    url = reverse("sessions_app:convene", args=[convening.session.pk])
    seats_table = client.get(url).content.decode().split('id="invitados"')[0]
    assert "Institución C" in seats_table and "Institución Archivada" not in seats_table
    body = seats_table
    assert "Se convocará a 3 lugares del Consejo" in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Sesión convocada: 3 convocatorias en preparación y envío" in response.content.decode()
    assert len(mail.outbox) == 3


def test_convening_twice_is_refused_and_sends_nothing_more(convening, client, django_capture_on_commit_callbacks):
    client.force_login(convening.world.staff_x)
    url = reverse("sessions_app:convene", args=[convening.session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Todas las instituciones ya están convocadas" in response.content.decode()
    assert convening.session.invitations.count() == 3
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("user", ["staff_y", "delegate_a"])
def test_only_the_councils_staff_may_convene(convening, client, user):
    """Staff of council Y, or a delegate, get 403 and nothing is created."""
    client.force_login(getattr(convening.world, user))
    url = reverse("sessions_app:convene", args=[convening.session.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not convening.session.invitations.exists()
    convening.session.refresh_from_db()
    assert convening.session.status == Session.Status.DRAFT


def test_anonymous_users_are_sent_to_the_login(convening, client):
    response = client.post(reverse("sessions_app:convene", args=[convening.session.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_guests_added_before_convening_go_out_with_the_rest(convening, client, django_capture_on_commit_callbacks):
    client.force_login(convening.world.staff_x)
    ngo = InstitutionFactory(name="Organización Civil Invitada")
    person = PersonFactory(institution=ngo)
    response = client.post(
        reverse("sessions_app:guest_add", args=[convening.session.pk]),
        {"institution": ngo.pk, "person": person.pk},
        follow=True,
    )
    assert "Organización Civil Invitada fue invitada" in response.content.decode()
    assert mail.outbox == []
    _convene(convening.session, django_capture_on_commit_callbacks)
    guest = convening.session.invitations.get(institution=ngo)
    assert (guest.role, guest.has_vote, guest.seat, guest.delivery) == ("guest", False, None, "sent")
    assert person.email in [m.to[0] for m in mail.outbox]


def test_a_guest_added_after_convening_is_emailed_at_once(convening, django_capture_on_commit_callbacks):
    _convene(convening.session, django_capture_on_commit_callbacks)
    person = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_add_guest(session=convening.session, institution=person.institution, person=person)
    assert mail.outbox[-1].to == [person.email]


def test_a_guest_must_be_a_person_of_the_invited_institution(convening, client):
    client.force_login(convening.world.staff_x)
    ngo = InstitutionFactory(name="Organización Civil Invitada")
    stranger = PersonFactory(full_name="Persona de Otra Institución")
    response = client.post(
        reverse("sessions_app:guest_add", args=[convening.session.pk]), {"institution": ngo.pk, "person": stranger.pk}
    )
    assert response.status_code == 200
    assert "no pertenece a Organización Civil Invitada" in response.content.decode()
    assert not convening.session.invitations.exists()


def test_a_guest_added_by_mistake_can_be_withdrawn_before_sending(convening, client):
    client.force_login(convening.world.staff_x)
    person = PersonFactory()
    guest = invitation_add_guest(session=convening.session, institution=person.institution, person=person)
    url = reverse("sessions_app:guest_withdraw", args=[guest.pk])
    assert "¿Retirar la invitación" in client.get(url).content.decode()
    client.post(url)
    assert not Invitation.objects.filter(pk=guest.pk).exists()


def _failing_for(address, exc):
    """A locmem backend that refuses one address with exc, and delivers the rest."""
    original = EmailBackend.send_messages

    def send_messages(self, messages):
        for message in messages:
            if address in message.to:
                raise exc
        return original(self, messages)

    return mock.patch.object(EmailBackend, "send_messages", send_messages)


def test_a_failed_send_is_retried_then_marked_and_the_staff_see_who_was_not_reached(
    convening, client, django_capture_on_commit_callbacks
):
    """Each failed attempt is written down; after the last retry the invitation is FAILED and listed for resending."""
    address = convening.seat_c.principal.email
    with _failing_for(address, SMTPServerDisconnected("Conexión cerrada por el servidor")):
        _convene(convening.session, django_capture_on_commit_callbacks)
    failed = convening.session.invitations.get(seat=convening.seat_c)
    assert failed.delivery == Invitation.Delivery.FAILED
    assert failed.delivery_attempts == 6  # the first try and five retries
    assert "Conexión cerrada por el servidor" in failed.delivery_error
    assert len(mail.outbox) == 2  # the others were reached
    client.force_login(convening.world.staff_x)
    body = client.get(reverse("sessions_app:attendance_live", args=[convening.session.pk])).content.decode()
    assert "No localizados" in body and "Conexión cerrada por el servidor" in body
    resend = reverse("sessions_app:invitation_resend", args=[failed.pk])
    assert resend in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend, follow=True)
    assert "se está enviando de nuevo" in response.content.decode()
    failed.refresh_from_db()
    assert (failed.delivery, failed.delivery_error) == (Invitation.Delivery.SENT, "")
    assert mail.outbox[-1].to == [address]


def test_a_transient_failure_is_retried_until_it_goes_through(convening, django_capture_on_commit_callbacks):
    attempts = []
    original = EmailBackend.send_messages

    def flaky(self, messages):
        attempts.append(1)
        if len(attempts) <= 2:
            raise SMTPRecipientsRefused({"x": (450, b"try later")})
        return original(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", flaky):
        _convene(convening.session, django_capture_on_commit_callbacks)
    first = convening.session.invitations.order_by("pk").first()
    assert first.delivery == Invitation.Delivery.SENT
    assert first.delivery_attempts == 3


def test_an_invitation_nobody_can_receive_fails_at_once_with_a_reason(convening, django_capture_on_commit_callbacks):
    principal = convening.seat_c.principal
    principal.email = ""
    principal.save()
    convening.alternate_c.email = ""
    convening.alternate_c.save()
    _convene(convening.session, django_capture_on_commit_callbacks)
    failed = convening.session.invitations.get(seat=convening.seat_c)
    assert failed.delivery == Invitation.Delivery.FAILED
    assert failed.delivery_attempts == 1
    assert "correo institucional" in failed.delivery_error


def test_an_e_mail_that_cannot_be_built_is_marked_not_reached_not_left_queued(
    convening, client, django_capture_on_commit_callbacks
):
    """A line break in a council's short name (entered before such names were refused) breaks the subject line."""
    Council.objects.filter(pk=convening.session.council_id).update(short_name="CINL\nBcc: otro@example.com")
    _convene(convening.session, django_capture_on_commit_callbacks)
    invitations = list(convening.session.invitations.all())
    assert invitations and all(i.delivery == Invitation.Delivery.FAILED for i in invitations)
    assert all("No se pudo componer el correo" in i.delivery_error for i in invitations)
    assert all(i.delivery_attempts == 1 for i in invitations)  # not retried: it would fail the same way
    assert not mail.outbox
    client.force_login(convening.world.staff_x)
    body = client.get(reverse("sessions_app:attendance_live", args=[convening.session.pk])).content.decode()
    assert "No localizados" in body and "No se pudo componer el correo" in body


def test_an_unexpected_error_while_sending_marks_the_invitation_not_reached(
    convening, django_capture_on_commit_callbacks
):
    with mock.patch.object(EmailBackend, "send_messages", side_effect=RuntimeError("plantilla rota")):
        _convene(convening.session, django_capture_on_commit_callbacks)
    invitations = list(convening.session.invitations.all())
    assert invitations and all(i.delivery == Invitation.Delivery.FAILED for i in invitations)
    assert all("plantilla rota" in i.delivery_error for i in invitations)


def test_a_seat_without_titular_email_is_sent_to_its_suplente(convening, django_capture_on_commit_callbacks):
    principal = convening.seat_c.principal
    principal.email = ""
    principal.save()
    _convene(convening.session, django_capture_on_commit_callbacks)
    assert any(m.to == [convening.alternate_c.email] for m in mail.outbox)


def test_staff_of_another_council_cannot_resend(convening, client, django_capture_on_commit_callbacks):
    _convene(convening.session, django_capture_on_commit_callbacks)
    invitation = convening.session.invitations.first()
    client.force_login(convening.world.staff_y)
    assert client.post(reverse("sessions_app:invitation_resend", args=[invitation.pk])).status_code == 403


@pytest.mark.parametrize("path", ["insert_select", "bulk_create"])
def test_invitations_written_in_bulk_have_their_own_keys_defaults_and_history(
    convening, path, monkeypatch, django_capture_on_commit_callbacks
):
    """Whichever way the rows are written, each gets a distinct key, the model's defaults and an audit record."""
    if path == "bulk_create":
        monkeypatch.setattr(invitation_services, "TOKEN_SQL", {})
    staff = convening.world.staff_x
    with mock.patch("sessions_app.tasks.invitation_send.delay"), django_capture_on_commit_callbacks(execute=True):
        assert session_convene(session=convening.session, by=staff) == 3
    invitations = list(convening.session.invitations.all())
    keys = {invitation.token_key for invitation in invitations}
    assert len(keys) == 3 and all(len(key) >= 22 for key in keys)
    for invitation in invitations:
        assert (invitation.answer, invitation.attended, invitation.delivery_attempts) == ("pending", False, 0)
        assert (invitation.delivery_error, invitation.answered_at, invitation.attendee_id) == ("", None, None)
        record = invitation.history.get()
        assert (record.history_type, record.history_user, record.delivery) == ("+", staff, "queued")
        assert (record.seat_id, record.invitee_id, record.has_vote) == (
            invitation.seat_id,
            invitation.invitee_id,
            invitation.has_vote,
        )


def test_a_working_group_session_convenes_the_groups_institutions(convening, django_capture_on_commit_callbacks):
    from tests.council.factories import WorkingGroupFactory

    group = WorkingGroupFactory(council=convening.world.council_x, coordinator=convening.seat_c.institution)
    group.members.add(convening.seat_a.institution)
    session = convening.session
    session.working_group = group
    session.save()
    _convene(session, django_capture_on_commit_callbacks)
    names = set(session.invitations.values_list("institution__name", flat=True))
    assert names == {"Institución A", "Institución C"}


def test_the_guest_picker_lists_the_councils_own_and_not_another_councils(convening, client, other_state):
    """Only institutions and people of the council are listed; another state's are left to the search."""
    guest = PersonFactory(full_name="Invitada Previa")
    InvitationFactory(
        session=SessionFactory(council=convening.world.council_x), institution=guest.institution, invitee=guest
    )
    client.force_login(convening.world.staff_x)
    body = client.get(reverse("sessions_app:convene", args=[convening.session.pk])).content.decode()
    assert f"{guest.institution.label_with_place()}</option>" in body  # convened to another of its sessions
    assert "Institución B (IB) · Jalisco</option>" not in body
    assert f"{other_state.seat_b.principal.display_name} — " not in body


def test_the_page_counts_the_seats_valid_on_the_session_date_and_says_which_are_not(convening, client):
    """A seat that starts after the session, or ended before it, is not counted, and the page says so."""
    day = timezone.localtime(convening.session.starts_at).date()
    SeatFactory(
        council=convening.world.council_x, institution__name="Institución Tardía", valid_from=day + dt.timedelta(days=5)
    )
    SeatFactory(
        council=convening.world.council_x,
        institution__name="Institución Saliente",
        valid_from=day - dt.timedelta(days=90),
        valid_to=day - dt.timedelta(days=1),
    )
    client.force_login(convening.world.staff_x)
    page = client.get(reverse("sessions_app:convene", args=[convening.session.pk])).content.decode()
    with translation.override("es"):
        later, ended = long_date(day + dt.timedelta(days=5)), long_date(day - dt.timedelta(days=1))
    assert f"Se convocará a 3 lugares del Consejo, vigentes el {long_date(day)}" in page
    assert f"El lugar de Institución Tardía empieza el {later}." in page
    assert f"El lugar de Institución Saliente terminó el {ended}." in page
    assert "2 lugares no son vigentes en la fecha de la sesión" in page


def test_seats_created_without_a_date_are_convened_to_a_session_dated_in_the_past(world, client):
    """The reported bug: 13 seats existed and a past session said "no tiene lugares vigentes"."""
    for number in range(13):
        seat_create(council=world.council_x, institution=InstitutionFactory(name=f"Secretaría {number}"))
    past = timezone.now() - dt.timedelta(days=40)
    session = SessionFactory(council=world.council_x, status=Session.Status.DRAFT, starts_at=past)
    client.force_login(world.staff_x)
    page = client.get(reverse("sessions_app:convene", args=[session.pk])).content.decode()
    assert "Se convocará a 14 lugares del Consejo" in page  # with the world's seat A
    assert "no tiene lugares vigentes" not in page


def test_a_comision_is_convened_with_its_article_and_guests_are_invitada_or_invitado(
    convening, django_capture_on_commit_callbacks
):
    """The letters and e-mails of a council of the other gender, to a woman, a man and someone unstated."""
    council = convening.world.council_x
    council.name, council.kind = "Comisión Estatal de Prueba", Council.Kind.COMMISSION
    council.save()
    guests = {}
    for name, gender in (("Laura Invitada", "f"), ("Pedro Invitado", "m"), ("Alex Sin Indicar", "")):
        person = PersonFactory(full_name=name, gender=gender)
        guests[name] = invitation_add_guest(session=convening.session, institution=person.institution, person=person)
    letter = {
        name: convocation_document(convening.session, institution_id=invitation.institution_id).html
        for name, invitation in guests.items()
    }
    assert "disposiciones que rigen a la Comisión Estatal de Prueba" in letter["Laura Invitada"]
    assert "al Comisión" not in letter["Laura Invitada"]
    assert "Su participación como invitada enriquecerá" in letter["Laura Invitada"]
    assert "Su participación como invitado enriquecerá" in letter["Pedro Invitado"]
    assert "Su participación como persona invitada enriquecerá" in letter["Alex Sin Indicar"]
    _convene(convening.session, django_capture_on_commit_callbacks)
    text = mail.outbox[0].body
    assert "Ordinaria" in text and "de la Comisión Estatal de Prueba." in text and "del Comisión" not in text


def test_the_signer_is_secretario_or_secretaria_tecnica_as_their_gender(convening, django_capture_on_commit_callbacks):
    """The signer's post agrees with them; unstated, the letter names the office."""
    council = convening.world.council_x
    secretariat = SeatFactory(council=council, institution=council.secretariat_institution, role="secretariat")
    _convene(convening.session, django_capture_on_commit_callbacks)
    for gender, post in (("f", "Secretaria Técnica"), ("m", "Secretario Técnico"), ("", "Secretaría Técnica")):
        secretariat.principal.gender = gender
        secretariat.principal.save()
        cache.clear()
        html = convocation_document(convening.session, institution_id=convening.seat_a.institution_id).html
        assert f"{post} · {council.short_name}" in html


def _attendees(message) -> dict[str, dict]:
    """The event's attendees by address: role, answer (PARTSTAT) and delegation."""
    event = _ics(message)[0].walk("VEVENT")[0]
    found = event.get("ATTENDEE")
    found = found if isinstance(found, list) else [found]
    return {
        str(a).removeprefix("mailto:"): {
            "role": str(a.params["ROLE"]),
            "partstat": str(a.params["PARTSTAT"]),
            "to": str(a.params.get("DELEGATED-TO", "")).removeprefix("mailto:"),
            "from": str(a.params.get("DELEGATED-FROM", "")).removeprefix("mailto:"),
        }
        for a in found
    }


def test_the_calendar_answers_reach_the_councils_secretariat_mailbox(
    convening, settings, django_capture_on_commit_callbacks
):
    """ORGANIZER (where a calendar's «Aceptar» goes) and Reply-To are the council's own mailbox when it has one."""
    settings.CONVOCATION_ORGANIZER_EMAIL = ""
    council = convening.session.council
    council.secretariat_email = "secretaria.tecnica@consejo-x.gob.mx"
    council.save()
    _convene(convening.session, django_capture_on_commit_callbacks)
    message = _mail_to(convening.seat_a.principal.email)
    event = _ics(message)[0].walk("VEVENT")[0]
    assert str(event["ORGANIZER"]) == "mailto:secretaria.tecnica@consejo-x.gob.mx"
    assert message.reply_to == ["secretaria.tecnica@consejo-x.gob.mx"]


def test_without_a_council_mailbox_the_organizer_is_the_deployments(
    convening, settings, django_capture_on_commit_callbacks
):
    settings.CONVOCATION_ORGANIZER_EMAIL = "consejos@estado.gob.mx"
    _convene(convening.session, django_capture_on_commit_callbacks)
    message = _mail_to(convening.seat_a.principal.email)
    assert str(_ics(message)[0].walk("VEVENT")[0]["ORGANIZER"]) == "mailto:consejos@estado.gob.mx"
    assert message.reply_to == []


def test_the_suplentes_are_optional_attendees_awaiting_an_answer(convening, django_capture_on_commit_callbacks):
    _convene(convening.session, django_capture_on_commit_callbacks)
    attendees = _attendees(_mail_to(convening.seat_a.principal.email))
    assert attendees == {
        convening.seat_a.principal.email: {"role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION", "to": "", "from": ""},
        convening.alternate_a1.email: {"role": "OPT-PARTICIPANT", "partstat": "NEEDS-ACTION", "to": "", "from": ""},
        convening.alternate_a2.email: {"role": "OPT-PARTICIPANT", "partstat": "NEEDS-ACTION", "to": "", "from": ""},
    }


@pytest.mark.parametrize(
    ("answer", "titular", "suplentes"),
    [("confirmed", "ACCEPTED", "NEEDS-ACTION"), ("declined", "DECLINED", "DECLINED")],
)
def test_an_update_carries_the_answer_already_given(
    convening, django_capture_on_commit_callbacks, answer, titular, suplentes
):
    _convene(convening.session, django_capture_on_commit_callbacks)
    invitation = convening.session.invitations.get(institution=convening.seat_a.institution)
    invitation_answer(invitation=invitation, answer=answer, comment="Por agenda")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_notify_change(session=convening.session)
    attendees = _attendees(_mail_to(convening.seat_a.principal.email))
    assert attendees[convening.seat_a.principal.email]["partstat"] == titular
    assert attendees[convening.alternate_a1.email]["partstat"] == suplentes


def test_an_update_shows_the_suplente_sent_as_accepting_for_the_titular(convening, django_capture_on_commit_callbacks):
    _convene(convening.session, django_capture_on_commit_callbacks)
    invitation = convening.session.invitations.get(institution=convening.seat_a.institution)
    invitation_answer(invitation=invitation, answer="alternate", alternate=convening.alternate_a2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_notify_change(session=convening.session)
    principal, sent = convening.seat_a.principal.email, convening.alternate_a2.email
    attendees = _attendees(_mail_to(principal))
    assert attendees[principal] == {"role": "REQ-PARTICIPANT", "partstat": "DELEGATED", "to": sent, "from": ""}
    assert attendees[sent] == {"role": "REQ-PARTICIPANT", "partstat": "ACCEPTED", "to": "", "from": principal}
    assert attendees[convening.alternate_a1.email]["role"] == "OPT-PARTICIPANT"
