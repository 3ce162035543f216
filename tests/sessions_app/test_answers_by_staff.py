"""The secretariat records an institution's answer given by phone: same rules as the delegate's, marked as theirs."""

import pytest
from django.core import mail
from django.urls import reverse

from members.models import Person
from sessions_app.models import Invitation, InvitationAnswer, Session
from sessions_app.services.answers import invitation_answer, invitation_answer_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(convening, django_capture_on_commit_callbacks):
    """Institution A's invitation to the convened session (its e-mail already sent)."""
    from sessions_app.services.convocation import session_convene

    with django_capture_on_commit_callbacks(execute=True):
        session_convene(session=convening.session)
    mail.outbox.clear()
    return convening.session.invitations.get(institution=convening.seat_a.institution)


def _url(invitation):
    return reverse("sessions_app:invitation_answer_staff", args=[invitation.pk])


def _live(invitation):
    return reverse("sessions_app:attendance_live", args=[invitation.session_id])


def _form(client, invitation) -> dict:
    """The version the page hands out, as a browser would send it back."""
    response = client.get(_url(invitation))
    assert response.status_code == 200
    return {"version": response.context["form"]["version"].initial}


@pytest.fixture
def staff(client, convening):
    convening.world.staff_x.first_name, convening.world.staff_x.last_name = "Rosa", "Secretaria"
    convening.world.staff_x.save()
    client.force_login(convening.world.staff_x)
    return client


def test_confirmaciones_offers_each_institution_a_recorded_answer(staff, invitation):
    body = staff.get(_live(invitation)).content.decode()
    assert _url(invitation) in body
    assert "Registrar su respuesta" in body


def test_the_staff_send_the_registered_suplente_by_phone(staff, invitation, convening):
    data = {**_form(staff, invitation), "answer": "alternate", "alternate": convening.alternate_a1.pk}
    data["comment"] = "Llamó la titular: tiene otra reunión."
    response = staff.post(_url(invitation), data)
    assert response.status_code == 302 and response.url == _live(invitation)
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.attendee) == ("alternate", convening.alternate_a1)
    record = invitation.answers.get()
    assert (record.channel, record.answered_by) == (InvitationAnswer.Channel.STAFF, convening.world.staff_x)
    assert mail.outbox == []  # an answer sends no e-mail, whoever records it
    body = staff.get(_live(invitation)).content.decode()
    assert "registrada por la Secretaría Técnica (Rosa Secretaria)" in body
    assert "Llamó la titular: tiene otra reunión." in body


def test_a_new_person_named_by_the_staff_is_registered_at_once(staff, invitation):
    data = {
        **_form(staff, invitation),
        "answer": "alternate",
        "full_name": "Lucía Nueva Persona",
        "post": "Directora de Área",
        "email": "lucia@a.gob.mx",
    }
    assert staff.post(_url(invitation), data).status_code == 302
    invitation.refresh_from_db()
    person = Person.objects.get(full_name="Lucía Nueva Persona")
    assert invitation.attendee == person and person.institution_id == invitation.institution_id
    body = staff.get(_live(invitation)).content.decode()
    assert "Lucía Nueva Persona" in body and "badge text-bg-info" not in body  # nothing left to validate


def test_a_decline_comment_is_shown_to_the_staff_not_to_other_delegates(staff, client, invitation, convening):
    data = {**_form(staff, invitation), "answer": "declined", "comment": "El titular está de licencia médica."}
    staff.post(_url(invitation), data)
    body = staff.get(_live(invitation)).content.decode()
    assert "El titular está de licencia médica." in body
    client.force_login(convening.world.delegate_b)
    assert client.get(_live(invitation)).status_code == 403
    page = client.get(invitation.session.get_absolute_url())
    assert "licencia médica" not in page.content.decode()


def test_the_delegate_sees_who_recorded_their_answer(staff, client, invitation, convening):
    staff.post(_url(invitation), {**_form(staff, invitation), "answer": "confirmed"})
    client.force_login(convening.world.delegate_a)
    body = client.get(reverse("sessions_app:invitation_answer", args=[invitation.pk])).content.decode()
    assert "registrada por la Secretaría Técnica (Rosa Secretaria)" in body


def test_an_answer_given_meanwhile_is_not_overwritten(staff, invitation):
    data = {**_form(staff, invitation), "answer": "declined"}
    invitation_answer(invitation=invitation, answer="confirmed")  # the delegate, by the link, meanwhile
    response = staff.post(_url(invitation), data)
    assert response.status_code == 409
    assert "Otra persona" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == "confirmed" and invitation.answers.count() == 1


def test_a_double_submit_records_one_answer(staff, invitation):
    page = staff.get(_url(invitation)).content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    data = {"version": invitation_answer_version(invitation), "answer": "confirmed", "form_token": token}
    assert staff.post(_url(invitation), data).status_code == 302
    assert staff.post(_url(invitation), data).status_code == 302
    assert invitation.answers.count() == 1


def test_the_same_rules_as_the_delegate(staff, invitation, convening):
    other = Person.objects.exclude(institution=invitation.institution).first() or convening.world.seat_b.principal
    data = {**_form(staff, invitation), "answer": "alternate", "alternate": other.pk}
    response = staff.post(_url(invitation), data)
    assert response.status_code == 200
    assert not invitation.answers.exists()


@pytest.mark.parametrize("status", [Session.Status.DRAFT, Session.Status.HELD, Session.Status.CANCELLED])
def test_not_offered_nor_accepted_once_the_session_admits_no_answers(staff, invitation, status):
    Session.objects.filter(pk=invitation.session_id).update(status=status)
    assert _url(invitation) not in staff.get(_live(invitation)).content.decode()
    response = staff.post(_url(invitation), {"version": invitation_answer_version(invitation), "answer": "confirmed"})
    assert response.status_code == 302
    assert not invitation.answers.exists()
    assert Invitation.objects.get(pk=invitation.pk).answer == "pending"


@pytest.mark.parametrize("user", ["staff_y", "delegate_a", "delegate_b"])
def test_only_the_councils_staff_record_on_behalf(client, invitation, convening, user):
    client.force_login(getattr(convening.world, user))
    assert client.get(_url(invitation)).status_code == 403
    assert client.post(_url(invitation), {"answer": "confirmed"}).status_code == 403
    assert not invitation.answers.exists()
