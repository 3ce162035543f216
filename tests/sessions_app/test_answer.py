"""Answering a convocation: by the personal link without login, or logged in; the token's failures; suplentes."""

import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from icalendar import Calendar

from council.models import SeatAlternate
from members.models import Person
from sessions_app.models import Invitation, InvitationAnswer, Session
from sessions_app.tokens import SALT, invitation_from_token, invitation_token
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(convening, django_capture_on_commit_callbacks):
    """Institution A's invitation to the convened session."""
    from sessions_app.services.convocation import session_convene

    with django_capture_on_commit_callbacks(execute=True):
        session_convene(session=convening.session)
    return convening.session.invitations.get(institution=convening.seat_a.institution)


def _url(invitation, token=None):
    return reverse("sessions_app:answer", args=[token or invitation_token(invitation)])


def _unchanged(invitation):
    invitation.refresh_from_db()
    return invitation.answer == Invitation.Answer.PENDING and not invitation.answers.exists()


def test_the_link_opens_the_answer_page_without_login(client, invitation):
    body = client.get(_url(invitation)).content.decode()
    assert "Responder a la convocatoria" in body or "Su respuesta" in body
    assert invitation.session.title in body
    assert "Lista de asistencia y declaración de quórum" in body  # the agenda
    assert "Ana Suplente Uno" in body  # registered suplentes offered


def test_confirming_by_the_link(client, invitation):
    response = client.post(_url(invitation), {"answer": "confirmed"}, follow=True)
    assert "quedó confirmada su asistencia" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.attendee) == ("confirmed", invitation.invitee)
    assert invitation.answered_at is not None
    assert invitation.answers.get().channel == InvitationAnswer.Channel.LINK


def test_answering_again_replaces_the_answer_and_keeps_the_history(client, invitation):
    client.post(_url(invitation), {"answer": "confirmed"})
    response = client.post(_url(invitation), {"answer": "declined", "comment": "Agenda del titular"}, follow=True)
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.attendee) == ("declined", None)
    assert list(invitation.answers.values_list("answer", flat=True)) == ["declined", "confirmed"]
    body = response.content.decode()
    assert "Respuestas anteriores" in body and "Confirmó" in body


def test_sending_a_registered_suplente(client, invitation, convening):
    client.post(_url(invitation), {"answer": "alternate", "alternate": convening.alternate_a2.pk})
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.attendee) == ("alternate", convening.alternate_a2)


def test_a_person_who_is_not_a_suplente_of_the_seat_is_refused(client, invitation, convening):
    response = client.post(_url(invitation), {"answer": "alternate", "alternate": convening.alternate_c.pk})
    assert response.status_code == 200
    assert "Seleccione una opción válida" in response.content.decode()
    assert _unchanged(invitation)


def test_sending_a_suplente_requires_choosing_or_naming_one(client, invitation):
    response = client.post(_url(invitation), {"answer": "alternate"})
    assert response.status_code == 200
    assert "Este dato es obligatorio" in response.content.decode()
    assert _unchanged(invitation)


def test_a_new_suplente_is_proposed_then_validated_by_the_staff(client, invitation, convening):
    """The new person is recorded as proposed; the staff's validation creates the Person, who then attends."""
    data = {
        "answer": "alternate",
        "full_name": "Diana Nueva Persona",
        "post": "Directora de Vinculación",
        "email": "diana.nueva@institucion-a.gob.mx",
    }
    response = client.post(_url(invitation), data, follow=True)
    assert "la secretaría técnica validará sus datos" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.attendee) == ("alternate", None)
    assert not Person.objects.filter(full_name="Diana Nueva Persona").exists()

    client.force_login(convening.world.staff_x)
    proposals = client.get(reverse("sessions_app:proposals", args=[invitation.session.pk])).content.decode()
    assert "Diana Nueva Persona" in proposals and "Directora de Vinculación" in proposals
    live = client.get(reverse("sessions_app:attendance_live", args=[invitation.session.pk])).content.decode()
    assert "Diana Nueva Persona" in live and "por validar" in live
    proposal = invitation.answers.get()
    url = reverse("sessions_app:proposal_validate", args=[proposal.pk])
    assert "diana.nueva@institucion-a.gob.mx" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "honorific": "Mtra.",
            "full_name": "Diana Nueva Persona",
            "post": "Directora de Vinculación",
            "email": "diana.nueva@institucion-a.gob.mx",
            "add_as_alternate": "on",
        },
        follow=True,
    )
    assert "Mtra. Diana Nueva Persona quedó registrada" in response.content.decode()
    person = Person.objects.get(full_name="Diana Nueva Persona")
    assert person.institution == invitation.institution
    invitation.refresh_from_db()
    assert invitation.attendee == person
    assert SeatAlternate.objects.filter(seat=convening.seat_a, person=person).exists()
    assert (
        "No hay suplentes por validar"
        in client.get(reverse("sessions_app:proposals", args=[invitation.session.pk])).content.decode()
    )
    assert client.post(url, {"full_name": "Otra", "post": "x", "email": "x@a.gob.mx"}).status_code == 200
    assert Person.objects.filter(full_name="Otra").count() == 0


def test_a_new_suplente_needs_an_institutional_email(client, invitation):
    data = {"answer": "alternate", "full_name": "Diana", "post": "Directora", "email": "diana@gmail.com"}
    response = client.post(_url(invitation), data)
    assert response.status_code == 200
    assert "correo institucional" in response.content.decode()
    assert _unchanged(invitation)


def test_only_the_councils_staff_validate_proposals(client, invitation, convening):
    client.post(
        _url(invitation),
        {"answer": "alternate", "full_name": "Diana", "post": "Directora", "email": "diana@a.gob.mx"},
    )
    url = reverse("sessions_app:proposal_validate", args=[invitation.answers.get().pk])
    for user in (convening.world.delegate_a, convening.world.staff_y):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"full_name": "Diana", "post": "D", "email": "d@a.gob.mx"}).status_code == 403
    assert not Person.objects.filter(full_name="Diana").exists()


# Every way a token can fail: a clear Spanish page, a 4xx, nothing changed.


def test_a_tampered_token_is_refused_with_400(client, invitation):
    token = invitation_token(invitation)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for response in (
        client.get(_url(invitation, tampered)),
        client.post(_url(invitation, tampered), {"answer": "confirmed"}),
    ):
        assert response.status_code == 400
        assert "El enlace no es válido" in response.content.decode()
    assert _unchanged(invitation)


def test_a_token_signed_for_another_purpose_is_refused_with_400(client, invitation):
    foreign = signing.dumps({"i": invitation.pk, "k": invitation.token_key}, salt="otro-proposito")
    response = client.post(_url(invitation, foreign), {"answer": "confirmed"})
    assert response.status_code == 400
    assert _unchanged(invitation)


def test_a_token_signed_with_another_secret_is_refused_with_400(client, invitation, settings):
    with mock.patch.object(settings, "SECRET_KEY", "otra-clave-de-otro-sistema"):
        foreign = invitation_token(invitation)
    response = client.post(_url(invitation, foreign), {"answer": "confirmed"})
    assert response.status_code == 400
    assert _unchanged(invitation)


def test_an_expired_token_is_refused_with_410(client, invitation, settings):
    settings.INVITATION_TOKEN_MAX_AGE = 60
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 3600):
        old = invitation_token(invitation)
    response = client.post(_url(invitation, old), {"answer": "confirmed"})
    assert response.status_code == 410
    assert "El enlace venció" in response.content.decode()
    assert _unchanged(invitation)


def test_a_token_of_an_invitation_that_no_longer_exists_is_404(client, invitation):
    ghost = signing.dumps({"i": 987654, "k": invitation.token_key}, salt=SALT, compress=True)
    response = client.get(_url(invitation, ghost))
    assert response.status_code == 404
    assert "La convocatoria no existe" in response.content.decode()


def test_a_token_bound_to_another_key_is_refused_with_403(client, invitation, convening):
    """A token carrying another invitation's key (or a replaced one) does not open this invitation."""
    other = convening.session.invitations.exclude(pk=invitation.pk).first()
    forged = signing.dumps({"i": invitation.pk, "k": other.token_key}, salt=SALT, compress=True)
    response = client.post(_url(invitation, forged), {"answer": "confirmed"})
    assert response.status_code == 403
    assert "El enlace fue reemplazado" in response.content.decode()
    assert _unchanged(invitation)


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (Session.Status.HELD, "ya se celebró"),
        (Session.Status.CLOSED, "ya concluyó"),
        (Session.Status.CANCELLED, "fue cancelada"),
        (Session.Status.POSTPONED, "fue pospuesta"),
    ],
)
def test_the_link_stops_working_once_the_session_is_no_longer_convened(client, invitation, status, reason):
    token = invitation_token(invitation)
    Session.objects.filter(pk=invitation.session_id).update(status=status)
    for response in (
        client.get(_url(invitation, token)),
        client.post(_url(invitation, token), {"answer": "confirmed"}),
        client.get(reverse("sessions_app:answer_calendar", args=[token])),
    ):
        assert response.status_code == 410
        assert reason in response.content.decode()
    assert _unchanged(invitation)


def test_the_calendar_and_agenda_download_from_the_link(client, invitation):
    token = invitation_token(invitation)
    response = client.get(reverse("sessions_app:answer_calendar", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["UID"]) == f"session-{invitation.session_id}@sesiones"
    agenda = client.get(reverse("sessions_app:answer_agenda", args=[token]))
    assert agenda["Content-Type"] == "application/pdf"
    text = pdf_text(agenda.content)
    assert "ORDEN DEL DÍA" in text and "Asuntos generales" in text


# Logged-in delegates answer on their dashboard, only for their own institution.


def test_a_delegate_answers_from_the_dashboard(client, invitation, convening):
    client.force_login(convening.world.delegate_a)
    dashboard = client.get(reverse("dashboard")).content.decode()
    url = reverse("sessions_app:invitation_answer", args=[invitation.pk])
    assert url in dashboard
    assert client.get(url).status_code == 200
    client.post(url, {"answer": "alternate", "alternate": convening.alternate_a1.pk})
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.attendee) == ("alternate", convening.alternate_a1)
    record = invitation.answers.get()
    assert (record.channel, record.answered_by) == ("dashboard", convening.world.delegate_a)


def test_a_delegate_of_b_cannot_answer_for_a(client, invitation, convening):
    client.force_login(convening.world.delegate_b)
    url = reverse("sessions_app:invitation_answer", args=[invitation.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"answer": "declined"}).status_code == 403
    assert _unchanged(invitation)


def test_the_staff_record_an_answer_given_by_phone(client, invitation, convening):
    client.force_login(convening.world.staff_x)
    client.post(reverse("sessions_app:invitation_answer", args=[invitation.pk]), {"answer": "confirmed"})
    assert invitation.answers.get().channel == "staff"


def test_anonymous_users_are_sent_to_the_login_from_the_dashboard_answer(client, invitation):
    response = client.get(reverse("sessions_app:invitation_answer", args=[invitation.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_unknown_invitation_is_404(client, convening):
    client.force_login(convening.world.delegate_a)
    assert client.get(reverse("sessions_app:invitation_answer", args=[999999])).status_code == 404


def test_the_session_calendar_is_offered_to_who_may_see_it(client, invitation, convening):
    url = reverse("sessions_app:calendar", args=[invitation.session_id])
    client.force_login(convening.world.delegate_a)
    response = client.get(url)
    assert response.status_code == 200
    assert str(Calendar.from_ical(response.content).walk("VEVENT")[0]["UID"]).startswith("session-")
    client.force_login(convening.world.delegate_b)
    assert client.get(url).status_code == 403


def test_a_link_reads_its_invitation_and_session_as_the_orm_would_in_one_plain_query(world, django_assert_num_queries):
    """The token's invitation comes from one query in plain SQL: every field as ``select_related("session")``
    reads it (dates, JSON, choices), and no other invitation's."""
    invitation = world.invitation_a
    Invitation.objects.filter(pk=invitation.pk).update(answer="confirmed", delivery_error="550 — buzón lleno")
    with django_assert_num_queries(1):
        read = invitation_from_token(invitation_token(invitation))
    expected = Invitation.objects.select_related("session").get(pk=invitation.pk)
    for model, ours, orms in ((Invitation, read, expected), (Session, read.session, expected.session)):
        for field in model._meta.concrete_fields:
            assert getattr(ours, field.attname) == getattr(orms, field.attname), field.name
    assert read.session.starts_at.tzinfo is not None and not read._state.adding
    assert read.institution_id == world.seat_a.institution_id != world.seat_b.institution_id
